package model

import (
	"context"
	"errors"
	"fmt"

	"github.com/zeromicro/go-zero/core/stores/cache"
	"github.com/zeromicro/go-zero/core/stores/sqlx"
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
		// the order, all lines or none, in one statement (the SQL function
		// reserve), and records the reservation. reserved is false when the
		// order had reserved before (nothing is taken twice). Errors,
		// changing nothing: ErrReleased when the order was released before;
		// a *ProductError with ErrNotFound or ErrOutOfStock for the first
		// line, in product id order, that fails.
		Reserve(ctx context.Context, orderID int64, lines []ReserveLine) (reserved bool, err error)
		// Release gives an order's reserved stock back and marks it released.
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
	}
)

// NewReservationsModel returns a model for the database table.
func NewReservationsModel(conn sqlx.SqlConn, c cache.Cache) ReservationsModel {
	return &customReservationsModel{
		defaultReservationsModel: newReservationsModel(conn, c),
	}
}

func (m *customReservationsModel) Reserve(ctx context.Context, orderID int64, lines []ReserveLine) (bool, error) {
	ids := make([]int64, len(lines))
	quantities := make([]int64, len(lines))
	for i, l := range lines {
		ids[i], quantities[i] = l.ProductID, l.Quantity
	}
	// One statement, so one short transaction with no client round trip while
	// rows are locked: the function (migrations/0002_reserve_function.sql)
	// claims the reservation, takes the stock line by line in ascending
	// product id order (two orders sharing products never wait for each other
	// in a cycle) and records the lines, or raises a refusal and changes nothing.
	var reserved bool
	err := m.QueryRowNoCacheCtx(ctx, &reserved, `select reserve($1, $2, $3)`, orderID, ids, quantities)
	if refusal := reserveRefusal(err); refusal != nil {
		return false, refusal
	}
	if err != nil {
		return false, fmt.Errorf("select reserve: %w", err)
	}
	if !reserved {
		return false, nil // reserved before: it holds its stock already
	}
	return true, m.forget(ctx, orderID, lines)
}

func (m *customReservationsModel) Release(ctx context.Context, orderID int64) (bool, error) {
	var (
		changed  bool // the reservation row was inserted or updated
		released bool
		lines    []ReserveLine
	)
	err := m.TransactCtx(ctx, func(ctx context.Context, s sqlx.Session) error {
		status, created, err := claimReservation(ctx, s, orderID, StatusReleased)
		switch {
		case err != nil:
			return err
		case created:
			changed = true // the mark that refuses a late Reserve
			return nil
		case status == StatusReleased:
			return nil // released before
		}
		if err := s.QueryRowsCtx(ctx, &lines, `select product_id, quantity from "public"."reservation_lines"
			where order_id = $1 order by product_id`, orderID); err != nil {
			return fmt.Errorf("read reservation lines: %w", err)
		}
		for _, l := range lines {
			if _, err := s.ExecCtx(ctx, `update "public"."products" set stock = stock + $2, updated_at = now()
				where id = $1`, l.ProductID, l.Quantity); err != nil {
				return fmt.Errorf("return stock of product %d: %w", l.ProductID, err)
			}
		}
		if _, err := s.ExecCtx(ctx, fmt.Sprintf(`update %s set status = $2, updated_at = now()
			where order_id = $1`, m.table), orderID, StatusReleased); err != nil {
			return fmt.Errorf("mark reservation released: %w", err)
		}
		changed, released = true, true
		return nil
	})
	if err != nil || !changed {
		return false, err
	}
	return released, m.forget(ctx, orderID, lines)
}

// claimReservation inserts the order's reservation row with status, or, when
// the order has one already, locks it and returns its status. created says
// which. A concurrent Reserve or Release of the same order waits here until
// this transaction ends.
func claimReservation(ctx context.Context, s sqlx.Session, orderID int64, status string) (current string, created bool, err error) {
	var inserted int64
	err = s.QueryRowCtx(ctx, &inserted, `insert into "public"."reservations" (order_id, status) values ($1, $2)
		on conflict (order_id) do nothing returning order_id`, orderID, status)
	if err == nil {
		return status, true, nil
	}
	if !errors.Is(err, ErrNotFound) {
		return "", false, fmt.Errorf("insert reservation of order %d: %w", orderID, err)
	}
	if err := s.QueryRowCtx(ctx, &current, `select status from "public"."reservations"
		where order_id = $1 for update`, orderID); err != nil {
		return "", false, fmt.Errorf("lock reservation of order %d: %w", orderID, err)
	}
	return current, false, nil
}

// forget drops, after the commit, the cached copies of the rows a Reserve or
// Release changed: the products' (their stock) and the reservation's, now
// and once more a moment later (dropCached).
func (m *customReservationsModel) forget(ctx context.Context, orderID int64, lines []ReserveLine) error {
	keys := make([]string, 0, len(lines)+1)
	keys = append(keys, fmt.Sprintf("%s%v", cachePublicReservationsOrderIdPrefix, orderID))
	for _, l := range lines {
		keys = append(keys, productCacheKey(l.ProductID))
	}
	return dropCached(ctx, m.CachedConn, keys...)
}
