package model

import (
	"github.com/zeromicro/go-zero/core/stores/cache"
	"github.com/zeromicro/go-zero/core/stores/sqlx"
)

var _ ReservationsModel = (*customReservationsModel)(nil)

type (
	// ReservationsModel is an interface to be customized, add more methods here,
	// and implement the added methods in customReservationsModel.
	ReservationsModel interface {
		reservationsModel
	}

	customReservationsModel struct {
		*defaultReservationsModel
	}
)

// NewReservationsModel returns a model for the database table.
func NewReservationsModel(conn sqlx.SqlConn, c cache.CacheConf, opts ...cache.Option) ReservationsModel {
	return &customReservationsModel{
		defaultReservationsModel: newReservationsModel(conn, c, opts...),
	}
}
