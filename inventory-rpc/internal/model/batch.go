package model

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/zsuite/inventory-rpc/internal/metrics"
)

// Group commit. Reserve and Release calls go through batchers
// (common/groupcommit): a call that finds its lane idle is applied at once,
// alone; the calls that arrive while its lane's batch is in flight are applied
// together in the next one, by one statement (reserve_batch or release_batch,
// migrations/0003_batch_functions.sql) that takes each product's row lock
// once for the whole batch. A hot product's orders all go through one lane,
// so its row is locked by one transaction at a time instead of by every
// order's, and each commit carries many orders.
const (
	// reserveLanes batch Reserves independently, an order going to the lane
	// of its lowest product id: orders over different products still run
	// in parallel, orders that share a hot product are batched.
	reserveLanes = 8
	// releaseLanes batch Releases, by order id (a Release names no product).
	releaseLanes = 4
	// maxBatch bounds the orders of one statement.
	maxBatch = 128
)

// The outcomes reserve_batch and release_batch give for an order.
const (
	outcomeReserved   = "reserved"
	outcomeBefore     = "before"
	outcomeReleased   = "released"
	outcomeNotFound   = "not_found"
	outcomeOutOfStock = "out_of_stock"
	outcomeMarked     = "marked"
)

type reserveCall struct {
	orderID int64
	lines   []ReserveLine
}

func (c reserveCall) order() int64 { return c.orderID }

// lane is the reserve lane of the order's lowest product id.
func (c reserveCall) lane() int {
	lowest := c.lines[0].ProductID
	for _, l := range c.lines[1:] {
		lowest = min(lowest, l.ProductID)
	}
	return int(uint64(lowest) % reserveLanes) //nolint:gosec // G115: any id, even a negative one, picks a lane in range
}

// batchOutcome is one order's answer within a batch: done is what Reserve
// or Release returns (reserved, released), changed whether the batch changed
// the order's rows (a Release that left its mark changed them, but released
// nothing), err its refusal or the failure to drop its cached rows.
type batchOutcome struct {
	done    bool
	changed bool
	err     error
}

// outcomeRow is a row reserve_batch or release_batch returns.
type outcomeRow struct {
	OrderID   int64         `db:"order_id"`
	Outcome   string        `db:"outcome"`
	ProductID sql.NullInt64 `db:"product_id"`
}

func (m *customReservationsModel) Reserve(ctx context.Context, orderID int64, lines []ReserveLine) (bool, error) {
	// An order the statement would fail on must not join a batch: it would
	// fail the others' orders with it. The caller validates (rules.Reservation).
	if err := wellFormed(lines); err != nil {
		return false, fmt.Errorf("reserve order %d: %w", orderID, err)
	}
	call := reserveCall{orderID: orderID, lines: lines}
	out, err := m.reserves[call.lane()].Do(ctx, call)
	if err != nil {
		return false, err
	}
	return out.done, out.err
}

func (m *customReservationsModel) Release(ctx context.Context, orderID int64) (bool, error) {
	out, err := m.releases[uint64(orderID)%releaseLanes].Do(ctx, orderID) //nolint:gosec // G115: any id picks a lane in range
	if err != nil {
		return false, err
	}
	return out.done, out.err
}

// wellFormed checks what reserve_batch and the tables require of every
// order's lines: at least one, positive quantities, each product once.
func wellFormed(lines []ReserveLine) error {
	if len(lines) == 0 {
		return errors.New("no lines")
	}
	seen := make(map[int64]bool, len(lines))
	for _, l := range lines {
		if l.Quantity <= 0 || seen[l.ProductID] {
			return fmt.Errorf("line %+v: quantity not positive or product twice", l)
		}
		seen[l.ProductID] = true
	}
	return nil
}

// reserveBatch reserves a batch of orders (distinct ids) in one statement,
// and answers each on its own.
func (m *customReservationsModel) reserveBatch(ctx context.Context, calls []reserveCall) ([]batchOutcome, error) {
	orderIDs := make([]int64, len(calls))
	var (
		linePositions []int32
		productIDs    []int64
		quantities    []int64
	)
	for i, c := range calls {
		orderIDs[i] = c.orderID
		for _, l := range c.lines {
			linePositions = append(linePositions, int32(i+1))
			productIDs = append(productIDs, l.ProductID)
			quantities = append(quantities, l.Quantity)
		}
	}
	metrics.Batch("reserve", len(calls))
	var rows []outcomeRow
	if err := m.QueryRowsNoCacheCtx(ctx, &rows, `select order_id, outcome, product_id from reserve_batch($1, $2, $3, $4)`,
		orderIDs, linePositions, productIDs, quantities); err != nil {
		return nil, fmt.Errorf("select reserve_batch: %w", err)
	}
	byOrder := make(map[int64]outcomeRow, len(rows))
	for _, r := range rows {
		byOrder[r.OrderID] = r
	}

	outs := make([]batchOutcome, len(calls))
	var changed []int64 // products whose stock changed
	for i, c := range calls {
		r, ok := byOrder[c.orderID]
		if !ok {
			return nil, fmt.Errorf("reserve_batch gave no outcome for order %d", c.orderID)
		}
		switch r.Outcome {
		case outcomeReserved:
			outs[i].done, outs[i].changed = true, true
			for _, l := range c.lines {
				changed = append(changed, l.ProductID)
			}
		case outcomeBefore: // it holds its stock already
		case outcomeReleased:
			outs[i].err = ErrReleased
		// A refusal takes no stock but fences the order (its row is kept
		// RELEASED, migration 0004): a later Reserve of it is refused.
		case outcomeNotFound:
			outs[i].err, outs[i].changed = &ProductError{ProductID: r.ProductID.Int64, Err: ErrNotFound}, true
		case outcomeOutOfStock:
			outs[i].err, outs[i].changed = &ProductError{ProductID: r.ProductID.Int64, Err: ErrOutOfStock}, true
		default:
			return nil, fmt.Errorf("reserve_batch: order %d: unknown outcome %q", c.orderID, r.Outcome)
		}
	}
	m.forget(ctx, orderIDs, outs, changed)
	return outs, nil
}

// releaseBatch releases a batch of orders (distinct ids) in one statement,
// and answers each on its own.
func (m *customReservationsModel) releaseBatch(ctx context.Context, orderIDs []int64) ([]batchOutcome, error) {
	metrics.Batch("release", len(orderIDs))
	var rows []outcomeRow
	if err := m.QueryRowsNoCacheCtx(ctx, &rows, `select order_id, outcome, product_id from release_batch($1)`, orderIDs); err != nil {
		return nil, fmt.Errorf("select release_batch: %w", err)
	}
	outcomes := make(map[int64]string, len(orderIDs))
	var changed []int64 // products whose stock changed
	for _, r := range rows {
		outcomes[r.OrderID] = r.Outcome
		if r.ProductID.Valid {
			changed = append(changed, r.ProductID.Int64)
		}
	}

	outs := make([]batchOutcome, len(orderIDs))
	for i, id := range orderIDs {
		switch outcomes[id] {
		case outcomeReleased:
			outs[i].done, outs[i].changed = true, true
		case outcomeMarked: // the mark that refuses a late Reserve
			outs[i].changed = true
		case outcomeBefore:
		default:
			return nil, fmt.Errorf("release_batch: order %d: unknown outcome %q", id, outcomes[id])
		}
	}
	m.forget(ctx, orderIDs, outs, changed)
	return outs, nil
}

// forget drops, after the commit, the cached copies of the rows a batch
// changed: the changed orders' reservations and the products (their stock),
// now and once more a moment later (dropCached). When that fails, each
// changed order's answer is the failure: the change is committed, but its
// caller must not take it as seen.
func (m *customReservationsModel) forget(ctx context.Context, orderIDs []int64, outs []batchOutcome, products []int64) {
	var keys []string
	for i, id := range orderIDs {
		if outs[i].changed {
			keys = append(keys, fmt.Sprintf("%s%v", cachePublicReservationsOrderIdPrefix, id))
		}
	}
	slices.Sort(products)
	for _, id := range slices.Compact(products) {
		keys = append(keys, productCacheKey(id))
	}
	if err := dropCached(ctx, m.CachedConn, keys...); err != nil {
		for i := range outs {
			if outs[i].changed {
				outs[i].err = err
			}
		}
	}
}
