package model

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/zeromicro/go-zero/core/stores/cache"
	"github.com/zeromicro/go-zero/core/stores/sqlx"
)

var _ OrdersModel = (*customOrdersModel)(nil)

// ErrDuplicateKey is returned by Create when the user already has an order
// with that idempotency key.
var ErrDuplicateKey = errors.New("idempotency key already used")

type (
	// OrdersModel is an interface to be customized, add more methods here,
	// and implement the added methods in customOrdersModel.
	OrdersModel interface {
		ordersModel
		// Create records an order and its lines in one transaction, filling in
		// the ids and timestamps, together with the Creates that arrive while
		// another is in flight (group commit: see batch.go). ErrDuplicateKey
		// when (user, key) exists.
		Create(ctx context.Context, o *Orders, lines []*OrderLines) error
		// FindByKey finds a user's order by idempotency key, straight from the
		// database: nearly every key is new, so a cache would only add a
		// not-found placeholder to write and delete per order.
		FindByKey(ctx context.Context, userID int64, key string) (*Orders, error)
		// Transition moves an order from one status to another, and reports
		// whether it did (false: the order was no longer in from), together
		// with the Transitions that arrive while another is in flight. An
		// empty rejectCode keeps the code the order has (an abandon's,
		// recorded with its intent, survives the move to REJECTED).
		Transition(ctx context.Context, id int64, from, to, rejectCode string) (bool, error)
		// Reschedule sets when the recovery loop looks at the order next.
		Reschedule(ctx context.Context, id int64, at time.Time) error
		// ClaimDue leases up to limit unsettled orders whose time has come: it
		// pushes their next attempt lease into the future and counts an attempt,
		// skipping rows another replica is claiming at the same moment.
		ClaimDue(ctx context.Context, limit int, lease time.Duration) ([]*Orders, error)
		// ListByUser returns a page of a user's orders, newest first, and how
		// many the user has.
		ListByUser(ctx context.Context, userID int64, offset, limit int64) ([]*Orders, int64, error)
		// Lines returns the lines of the given orders by order id.
		Lines(ctx context.Context, orderIDs []int64) (map[int64][]*OrderLines, error)
		// Backlog counts the unsettled orders (PENDING, CANCELLING) by status,
		// with the age of the oldest in its status; statuses with none are absent.
		Backlog(ctx context.Context) (map[string]Backlog, error)
	}

	// Backlog is how many orders are in a status, and for how long the oldest.
	Backlog struct {
		Count  int64
		Oldest time.Duration
	}

	customOrdersModel struct {
		*defaultOrdersModel
		batch batchers
	}
)

// NewOrdersModel returns a model for the database table.
func NewOrdersModel(conn sqlx.SqlConn, c cache.Cache) OrdersModel {
	m := &customOrdersModel{defaultOrdersModel: newOrdersModel(conn, c)}
	m.batch = newBatchers(m)
	return m
}

func (m *customOrdersModel) FindByKey(ctx context.Context, userID int64, key string) (*Orders, error) {
	var o Orders
	query := fmt.Sprintf("select %s from %s where user_id = $1 and idempotency_key = $2", ordersRows, m.table)
	switch err := m.QueryRowNoCacheCtx(ctx, &o, query, userID, key); {
	case errors.Is(err, sqlx.ErrNotFound):
		return nil, ErrNotFound
	case err != nil:
		return nil, fmt.Errorf("find order by key: %w", err)
	}
	return &o, nil
}

func (m *customOrdersModel) Reschedule(ctx context.Context, id int64, at time.Time) error {
	_, err := m.ExecCtx(ctx, func(ctx context.Context, conn sqlx.SqlConn) (sql.Result, error) {
		return conn.ExecCtx(ctx, fmt.Sprintf(`update %s set next_attempt_at = $1 where id = $2`, m.table), at, id)
	}, fmt.Sprintf("%s%v", cachePublicOrdersIdPrefix, id))
	return err
}

func (m *customOrdersModel) ClaimDue(ctx context.Context, limit int, lease time.Duration) ([]*Orders, error) {
	query := fmt.Sprintf(`update %[1]s set attempts = attempts + 1, next_attempt_at = now() + $1 * interval '1 millisecond'
		where id in (
			select id from %[1]s
			where status in ('PENDING', 'ABANDONING', 'CANCELLING') and next_attempt_at <= now()
			order by next_attempt_at
			limit $2
			for update skip locked)
		returning %[2]s`, m.table, ordersRows)
	var due []*Orders
	if err := m.QueryRowsNoCacheCtx(ctx, &due, query, lease.Milliseconds(), limit); err != nil {
		return nil, fmt.Errorf("claim due orders: %w", err)
	}
	keys := make([]string, 0, len(due))
	for _, o := range due {
		keys = append(keys, fmt.Sprintf("%s%v", cachePublicOrdersIdPrefix, o.Id))
	}
	if len(keys) > 0 {
		if err := m.DelCacheCtx(ctx, keys...); err != nil {
			return nil, err
		}
	}
	return due, nil
}

func (m *customOrdersModel) ListByUser(ctx context.Context, userID int64, offset, limit int64) ([]*Orders, int64, error) {
	var total int64
	if err := m.QueryRowNoCacheCtx(ctx, &total, fmt.Sprintf("select count(*) from %s where user_id = $1", m.table), userID); err != nil {
		return nil, 0, fmt.Errorf("count orders: %w", err)
	}
	var page []*Orders
	if total > offset {
		query := fmt.Sprintf("select %s from %s where user_id = $1 order by id desc offset $2 limit $3", ordersRows, m.table)
		if err := m.QueryRowsNoCacheCtx(ctx, &page, query, userID, offset, limit); err != nil {
			return nil, 0, fmt.Errorf("list orders: %w", err)
		}
	}
	return page, total, nil
}

func (m *customOrdersModel) Lines(ctx context.Context, orderIDs []int64) (map[int64][]*OrderLines, error) {
	out := make(map[int64][]*OrderLines, len(orderIDs))
	if len(orderIDs) == 0 {
		return out, nil
	}
	var lines []*OrderLines
	query := fmt.Sprintf(`select %s from "public"."order_lines" where order_id = any($1) order by order_id, id`, orderLinesRows)
	if err := m.QueryRowsNoCacheCtx(ctx, &lines, query, orderIDs); err != nil {
		return nil, fmt.Errorf("order lines: %w", err)
	}
	for _, l := range lines {
		out[l.OrderId] = append(out[l.OrderId], l)
	}
	return out, nil
}

func (m *customOrdersModel) Backlog(ctx context.Context) (map[string]Backlog, error) {
	var rows []struct {
		Status string  `db:"status"`
		Count  int64   `db:"count"`
		Oldest float64 `db:"oldest"`
	}
	// updated_at is when the order entered its status: set at creation
	// (PENDING) and by every Transition (CANCELLING). The partial index
	// orders_unsettled holds exactly these rows.
	query := fmt.Sprintf(`select status, count(*) as count, extract(epoch from now() - min(updated_at))::float8 as oldest
		from %s where status in ('PENDING', 'ABANDONING', 'CANCELLING') group by status`, m.table)
	if err := m.QueryRowsNoCacheCtx(ctx, &rows, query); err != nil {
		return nil, fmt.Errorf("count the backlog: %w", err)
	}
	backlog := make(map[string]Backlog, len(rows))
	for _, r := range rows {
		backlog[r.Status] = Backlog{Count: r.Count, Oldest: time.Duration(r.Oldest * float64(time.Second))}
	}
	return backlog, nil
}
