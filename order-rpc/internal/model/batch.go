package model

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/zsuite/common/groupcommit"
)

// Group commit. Create and Transition go through batchers
// (common/groupcommit), as inventory-rpc's Reserve and Release do: a call
// that finds its lane idle is applied at once, alone; the calls that arrive
// while its lane's statement is in flight are applied together by the next
// one. Under load an order's two writes (PENDING, then its settlement) cost a
// share of one statement and one commit each, instead of a statement and a
// commit (and a WAL flush) of their own.
const (
	// createLanes and transitionLanes are how many statements of each kind
	// may be in flight at once: while one waits for its commit, the next
	// batch forms and can go.
	createLanes     = 2
	transitionLanes = 2
	// maxBatch bounds the orders of one statement.
	maxBatch = 128
)

type createKey struct {
	user int64
	key  string
}

type createCall struct {
	order *Orders
	lines []*OrderLines
}

func (c createCall) key() createKey { return createKey{c.order.UserId, c.order.IdempotencyKey} }

type transitionCall struct {
	id                   int64
	from, to, rejectCode string
}

func (c transitionCall) order() int64 { return c.id }

// batchers are the model's group-commit lanes.
type batchers struct {
	creates     []*groupcommit.Batcher[createKey, createCall, *Orders]
	transitions []*groupcommit.Batcher[int64, transitionCall, bool]
}

func newBatchers(m *customOrdersModel) batchers {
	var b batchers
	for range createLanes {
		b.creates = append(b.creates, groupcommit.New(maxBatch, createCall.key, m.createBatch))
	}
	for range transitionLanes {
		b.transitions = append(b.transitions, groupcommit.New(maxBatch, transitionCall.order, m.transitionBatch))
	}
	return b
}

func (m *customOrdersModel) Create(ctx context.Context, o *Orders, lines []*OrderLines) error {
	// An order the statement would fail on must not join a batch: it would
	// fail the others' orders with it. The caller validates (rules.Order).
	if err := wellFormed(o, lines); err != nil {
		return fmt.Errorf("create order: %w", err)
	}
	// A user's orders share a lane, so the Creates of one key never race
	// each other's statements (the insert would still skip the second).
	lane := uint64(o.UserId) % createLanes //nolint:gosec // G115: any id, even a negative one, picks a lane in range
	created, err := m.batch.creates[lane].Do(ctx, createCall{order: o, lines: lines})
	if err != nil {
		return err
	}
	if created == nil {
		return ErrDuplicateKey
	}
	*o = *created
	for _, l := range lines {
		l.OrderId = o.Id
	}
	return nil
}

func (m *customOrdersModel) Transition(ctx context.Context, id int64, from, to, rejectCode string) (bool, error) {
	lane := uint64(id) % transitionLanes //nolint:gosec // G115: any id, even a negative one, picks a lane in range
	return m.batch.transitions[lane].Do(ctx, transitionCall{id: id, from: from, to: to, rejectCode: rejectCode})
}

// wellFormed checks what the tables require of an order's lines: at least
// one, positive quantities and prices, each product once; and a total that is
// not negative.
func wellFormed(o *Orders, lines []*OrderLines) error {
	if len(lines) == 0 {
		return errors.New("no lines")
	}
	if o.TotalCents < 0 {
		return fmt.Errorf("total %d is negative", o.TotalCents)
	}
	seen := make(map[int64]bool, len(lines))
	for _, l := range lines {
		if l.Quantity <= 0 || seen[l.ProductId] {
			return fmt.Errorf("line %+v: quantity not positive or product twice", *l)
		}
		seen[l.ProductId] = true
	}
	return nil
}

// createBatch records a batch of orders (distinct user and key) with their
// lines in one statement, so one round trip and one commit. An order whose
// user already has one with its key is not recorded: its answer is nil.
func (m *customOrdersModel) createBatch(ctx context.Context, calls []createCall) ([]*Orders, error) {
	var (
		users, totals                  = make([]int64, len(calls)), make([]int64, len(calls))
		keys, hashes, statuses         = make([]string, len(calls)), make([]string, len(calls)), make([]string, len(calls))
		due                            = make([]time.Time, len(calls))
		lineOrder                      []int32
		productIDs, prices, quantities []int64
		names                          []string
	)
	for i, c := range calls {
		o := c.order
		users[i], keys[i], hashes[i], statuses[i], totals[i], due[i] = o.UserId, o.IdempotencyKey, o.RequestHash, o.Status, o.TotalCents, o.NextAttemptAt
		for _, l := range c.lines {
			lineOrder = append(lineOrder, int32(i+1)) //nolint:gosec // G115: a batch holds at most maxBatch orders
			productIDs, names, prices, quantities = append(productIDs, l.ProductId), append(names, l.Name), append(prices, l.PriceCents), append(quantities, l.Quantity)
		}
	}
	// x numbers the batch's orders from 1 (ordinality); an order that meets
	// its key already taken is skipped by the insert (on conflict do
	// nothing), and its lines with it (they join the inserted rows only).
	query := fmt.Sprintf(`with x as (
			select * from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::timestamptz[])
				with ordinality as x(user_id, idempotency_key, request_hash, status, total_cents, next_attempt_at, n)),
		o as (
			insert into %[1]s (user_id, idempotency_key, request_hash, status, total_cents, next_attempt_at)
			select user_id, idempotency_key, request_hash, status, total_cents, next_attempt_at from x order by n
			on conflict on constraint orders_idempotency_unique do nothing
			returning %[2]s),
		l as (
			insert into "public"."order_lines" (order_id, product_id, name, price_cents, quantity)
			select o.id, y.product_id, y.name, y.price_cents, y.quantity
			from unnest($7::int[], $8::bigint[], $9::text[], $10::bigint[], $11::bigint[]) as y(n, product_id, name, price_cents, quantity)
			join x on x.n = y.n
			join o on o.user_id = x.user_id and o.idempotency_key = x.idempotency_key)
		select %[2]s from o`, m.table, ordersRows)
	var created []*Orders
	if err := m.QueryRowsNoCacheCtx(ctx, &created, query, users, keys, hashes, statuses, totals, due,
		lineOrder, productIDs, names, prices, quantities); err != nil {
		return nil, fmt.Errorf("create %d orders: %w", len(calls), err)
	}
	byKey := make(map[createKey]*Orders, len(created))
	for _, o := range created {
		byKey[createKey{o.UserId, o.IdempotencyKey}] = o
	}
	out := make([]*Orders, len(calls))
	for i, c := range calls {
		out[i] = byKey[c.key()]
	}
	return out, nil
}

// transitionBatch moves a batch of orders (distinct ids), each from its from
// status to its to status, in one statement, and reports which moved. The
// cached copies of every order of the batch are dropped afterwards, as go-zero
// drops them after an update.
func (m *customOrdersModel) transitionBatch(ctx context.Context, calls []transitionCall) ([]bool, error) {
	ids := make([]int64, len(calls))
	from, to, codes := make([]string, len(calls)), make([]string, len(calls)), make([]string, len(calls))
	cacheKeys := make([]string, len(calls))
	for i, c := range calls {
		ids[i], from[i], to[i], codes[i] = c.id, c.from, c.to, c.rejectCode
		cacheKeys[i] = fmt.Sprintf("%s%v", cachePublicOrdersIdPrefix, c.id)
	}
	// An empty reject code keeps the order's (an abandon's, recorded with
	// its intent, survives the move to REJECTED).
	query := fmt.Sprintf(`update %s as o set status = x.to_status,
			reject_code = coalesce(nullif(x.reject_code, ''), o.reject_code), updated_at = now()
		from unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) as x(id, from_status, to_status, reject_code)
		where o.id = x.id and o.status = x.from_status
		returning o.id`, m.table)
	var moved []int64
	if err := m.QueryRowsNoCacheCtx(ctx, &moved, query, ids, from, to, codes); err != nil {
		return nil, fmt.Errorf("move %d orders: %w", len(calls), err)
	}
	if err := m.DelCacheCtx(ctx, cacheKeys...); err != nil {
		return nil, err
	}
	done := make(map[int64]bool, len(moved))
	for _, id := range moved {
		done[id] = true
	}
	out := make([]bool, len(calls))
	for i, c := range calls {
		out[i] = done[c.id]
	}
	return out, nil
}
