package model

import (
	"context"

	"github.com/zeromicro/go-zero/core/stores/cache"
	"github.com/zeromicro/go-zero/core/stores/sqlx"

	"github.com/zsuite/common/groupcommit"
)

var _ ReservationsModel = (*customReservationsModel)(nil)

// The states of a reservation. A RELEASED row without lines is the mark a
// Release leaves when it comes before its Reserve.
const (
	StatusReserved = "RESERVED"
	StatusReleased = "RELEASED"
)

type (
	// ReservationsModel is an interface to be customized, add more methods here,
	// and implement the added methods in customReservationsModel.
	ReservationsModel interface {
		reservationsModel
		// Reserve takes each line's quantity from its product's stock for
		// the order, all lines or none, and records the reservation. It is
		// applied together with the Reserves that arrive while another is in
		// flight (group commit: see batch.go). reserved is false when the
		// order had reserved before (nothing is taken twice). Errors,
		// changing nothing: ErrReleased when the order was released before;
		// a *ProductError with ErrNotFound or ErrOutOfStock for the first
		// line, in product id order, that fails.
		Reserve(ctx context.Context, orderID int64, lines []ReserveLine) (reserved bool, err error)
		// Release gives an order's reserved stock back and marks it released,
		// together with the Releases that arrive while another is in flight.
		// released is false when there was nothing to give back: the order
		// was released before, or it never reserved, in which case a mark is
		// left that makes a later Reserve of the order fail with ErrReleased.
		Release(ctx context.Context, orderID int64) (released bool, err error)
	}

	// ReserveLine is one product and quantity of a reservation.
	ReserveLine struct {
		ProductID int64 `db:"product_id"`
		Quantity  int64 `db:"quantity"`
	}

	customReservationsModel struct {
		*defaultReservationsModel
		reserves []*groupcommit.Batcher[int64, reserveCall, batchOutcome]
		releases []*groupcommit.Batcher[int64, int64, batchOutcome]
	}
)

// NewReservationsModel returns a model for the database table.
func NewReservationsModel(conn sqlx.SqlConn, c cache.Cache) ReservationsModel {
	m := &customReservationsModel{defaultReservationsModel: newReservationsModel(conn, c)}
	m.reserves = make([]*groupcommit.Batcher[int64, reserveCall, batchOutcome], reserveLanes)
	for i := range m.reserves {
		m.reserves[i] = groupcommit.New(maxBatch, reserveCall.order, m.reserveBatch)
	}
	m.releases = make([]*groupcommit.Batcher[int64, int64, batchOutcome], releaseLanes)
	for i := range m.releases {
		m.releases[i] = groupcommit.New(maxBatch, func(orderID int64) int64 { return orderID }, m.releaseBatch)
	}
	return m
}
