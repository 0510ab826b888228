package model

import (
	"github.com/zeromicro/go-zero/core/stores/cache"
	"github.com/zeromicro/go-zero/core/stores/sqlx"
)

var _ OrderLinesModel = (*customOrderLinesModel)(nil)

type (
	// OrderLinesModel is an interface to be customized, add more methods here,
	// and implement the added methods in customOrderLinesModel.
	OrderLinesModel interface {
		orderLinesModel
	}

	customOrderLinesModel struct {
		*defaultOrderLinesModel
	}
)

// NewOrderLinesModel returns a model for the database table.
func NewOrderLinesModel(conn sqlx.SqlConn, c cache.Cache) OrderLinesModel {
	return &customOrderLinesModel{
		defaultOrderLinesModel: newOrderLinesModel(conn, c),
	}
}
