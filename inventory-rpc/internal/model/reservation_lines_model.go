package model

import (
	"github.com/zeromicro/go-zero/core/stores/cache"
	"github.com/zeromicro/go-zero/core/stores/sqlx"
)

var _ ReservationLinesModel = (*customReservationLinesModel)(nil)

type (
	// ReservationLinesModel is an interface to be customized, add more methods here,
	// and implement the added methods in customReservationLinesModel.
	ReservationLinesModel interface {
		reservationLinesModel
	}

	customReservationLinesModel struct {
		*defaultReservationLinesModel
	}
)

// NewReservationLinesModel returns a model for the database table.
func NewReservationLinesModel(conn sqlx.SqlConn, c cache.Cache) ReservationLinesModel {
	return &customReservationLinesModel{
		defaultReservationLinesModel: newReservationLinesModel(conn, c),
	}
}
