package model

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/zeromicro/go-zero/core/stores/cache"
	"github.com/zeromicro/go-zero/core/stores/postgres"
	"github.com/zeromicro/go-zero/core/stores/redis"

	"github.com/zsuite/common/cachex"
	"github.com/zsuite/order-rpc/migrations"
	"github.com/zsuite/testkit"
)

func newOrders(t *testing.T) OrdersModel {
	t.Helper()
	db := postgres.New(testkit.NewDatabase(t, "order-rpc", migrations.FS))
	return NewOrdersModel(db, cachex.New(cache.CacheConf{{RedisConf: redis.RedisConf{Host: testkit.NewRedis(t), Type: redis.NodeType}, Weight: 100}}))
}

func pending(t *testing.T, m OrdersModel, user int64, key string, due time.Time) *Orders {
	t.Helper()
	o := &Orders{UserId: user, IdempotencyKey: key, RequestHash: "h", Status: "PENDING", TotalCents: 100, NextAttemptAt: due}
	if err := m.Create(context.Background(), o, []*OrderLines{{ProductId: 1, Name: "p", PriceCents: 100, Quantity: 1}}); err != nil {
		t.Fatal(err)
	}
	return o
}

// Replicas running the recovery loop at once must share the due orders, not
// repeat them: each due order is claimed by exactly one of them per lease.
func TestClaimDueSharesWorkBetweenReplicas(t *testing.T) {
	m := newOrders(t)
	past := time.Now().Add(-time.Minute)
	const n = 60
	for i := range n {
		pending(t, m, 1, fmt.Sprintf("k%d", i), past)
	}
	notDue := pending(t, m, 1, "later", time.Now().Add(time.Hour))
	settled := pending(t, m, 1, "settled", past)
	if ok, err := m.Transition(context.Background(), settled.Id, "PENDING", "CONFIRMED", ""); !ok || err != nil {
		t.Fatalf("transition: %v %v", ok, err)
	}

	var (
		mu     sync.Mutex
		claims = map[int64]int{}
		wg     sync.WaitGroup
	)
	for range 4 { // four replicas, each passing repeatedly
		wg.Go(func() {
			for range 10 {
				due, err := m.ClaimDue(context.Background(), 7, time.Minute)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				for _, o := range due {
					claims[o.Id]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(claims) != n {
		t.Fatalf("%d orders claimed, want %d", len(claims), n)
	}
	for id, c := range claims {
		if c != 1 {
			t.Errorf("order %d claimed %d times within one lease", id, c)
		}
	}
	if claims[notDue.Id] != 0 || claims[settled.Id] != 0 {
		t.Fatal("an order not due, or settled, was claimed")
	}

	// Within the lease nothing is due again.
	due, err := m.ClaimDue(context.Background(), 100, time.Minute)
	if err != nil || len(due) != 0 {
		t.Fatalf("claimed %d within the lease: %v", len(due), err)
	}
}

// An order whose replica died mid-way is claimed again when its lease ends.
func TestClaimDueAgainAfterTheLease(t *testing.T) {
	m := newOrders(t)
	ctx := context.Background()
	o := pending(t, m, 1, "k", time.Now().Add(-time.Second))
	claim := func() []*Orders {
		due, err := m.ClaimDue(ctx, 10, 300*time.Millisecond)
		if err != nil {
			t.Fatal(err)
		}
		return due
	}
	if due := claim(); len(due) != 1 || due[0].Id != o.Id || due[0].Attempts != 1 {
		t.Fatalf("first claim: %+v", due)
	}
	if due := claim(); len(due) != 0 {
		t.Fatalf("claimed again within the lease: %+v", due)
	}
	time.Sleep(500 * time.Millisecond)
	if due := claim(); len(due) != 1 || due[0].Attempts != 2 {
		t.Fatalf("claim after the lease: %+v", due)
	}
}

func TestCreateRefusesASecondOrderForOneKey(t *testing.T) {
	m := newOrders(t)
	first := pending(t, m, 7, "same", time.Now())
	// A lookup before the second attempt caches the first order's index.
	if got, err := m.FindOneByUserIdIdempotencyKey(context.Background(), 7, "same"); err != nil || got.Id != first.Id {
		t.Fatalf("find by key: %v %v", got, err)
	}
	o := &Orders{UserId: 7, IdempotencyKey: "same", RequestHash: "h2", Status: "PENDING", TotalCents: 1}
	if err := m.Create(context.Background(), o, []*OrderLines{{ProductId: 2, Name: "q", PriceCents: 1, Quantity: 1}}); err != ErrDuplicateKey {
		t.Fatalf("second create = %v, want ErrDuplicateKey", err)
	}
	lines, err := m.Lines(context.Background(), []int64{first.Id})
	if err != nil || len(lines[first.Id]) != 1 || lines[first.Id][0].ProductId != 1 {
		t.Fatalf("first order's lines %v %v: the refused create must leave nothing behind", lines, err)
	}
	// Another user may use the same key.
	pending(t, m, 8, "same", time.Now())
}

func TestTransitionIsConditional(t *testing.T) {
	m := newOrders(t)
	o := pending(t, m, 1, "k", time.Now())
	ctx := context.Background()
	if _, err := m.FindOne(ctx, o.Id); err != nil { // cached as PENDING
		t.Fatal(err)
	}
	if ok, _ := m.Transition(ctx, o.Id, "PENDING", "CONFIRMED", ""); !ok {
		t.Fatal("PENDING -> CONFIRMED refused")
	}
	if ok, _ := m.Transition(ctx, o.Id, "PENDING", "REJECTED", "OUT_OF_STOCK"); ok {
		t.Fatal("a second settlement from PENDING went through")
	}
	got, err := m.FindOne(ctx, o.Id)
	if err != nil || got.Status != "CONFIRMED" || got.RejectCode != "" {
		t.Fatalf("order after transitions (cache must follow): %+v %v", got, err)
	}
}

// Creates that arrive together are recorded together (group commit), and
// each answer is its own: its order's id and fields, its own lines, and
// ErrDuplicateKey for every Create but one of a key, whether the twins met in
// one batch's queue or in the table.
func TestConcurrentCreatesEachGetTheirOwnOrder(t *testing.T) {
	m := newOrders(t)
	ctx := context.Background()
	const users, keys, twins = 5, 40, 3
	type result struct {
		user    int64
		key     string
		product int64
		o       *Orders
		err     error
	}
	results := make(chan result, users*keys*twins)
	var wg sync.WaitGroup
	for u := range int64(users) {
		for k := range keys {
			for twin := range twins {
				wg.Go(func() {
					// Each attempt names a product of its own, so a line filed
					// under the wrong order shows.
					product := (u*keys+int64(k))*twins + int64(twin) + 1
					o := &Orders{UserId: u + 1, IdempotencyKey: fmt.Sprintf("k%d", k), RequestHash: fmt.Sprint(product),
						Status: "PENDING", TotalCents: product, NextAttemptAt: time.Now()}
					lines := []*OrderLines{{ProductId: product, Name: "p", PriceCents: product, Quantity: 1},
						{ProductId: -product, Name: "q", PriceCents: 0, Quantity: 2}}
					err := m.Create(ctx, o, lines)
					if err == nil && (lines[0].OrderId != o.Id || lines[1].OrderId != o.Id) {
						t.Errorf("lines given order ids %d, %d; the order is %d", lines[0].OrderId, lines[1].OrderId, o.Id)
					}
					results <- result{u + 1, fmt.Sprintf("k%d", k), product, o, err}
				})
			}
		}
	}
	wg.Wait()
	close(results)
	created := map[string]result{}
	var ids []int64
	for r := range results {
		switch {
		case r.err == ErrDuplicateKey:
		case r.err != nil:
			t.Fatalf("create: %v", r.err)
		default:
			name := fmt.Sprintf("%d/%s", r.user, r.key)
			if _, twice := created[name]; twice {
				t.Fatalf("two orders recorded for user %d key %s", r.user, r.key)
			}
			if r.o.Id == 0 || r.o.UserId != r.user || r.o.IdempotencyKey != r.key || r.o.TotalCents != r.product ||
				r.o.RequestHash != fmt.Sprint(r.product) || r.o.CreatedAt.IsZero() {
				t.Fatalf("create answered %+v for user %d key %s product %d", r.o, r.user, r.key, r.product)
			}
			created[name] = r
			ids = append(ids, r.o.Id)
		}
	}
	if len(created) != users*keys {
		t.Fatalf("%d orders recorded, want one per user and key (%d)", len(created), users*keys)
	}
	lines, err := m.Lines(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range created {
		got := lines[r.o.Id]
		if len(got) != 2 || got[0].ProductId != r.product || got[1].ProductId != -r.product || got[1].Quantity != 2 {
			t.Fatalf("order %d (product %d) has lines %+v %+v", r.o.Id, r.product, got[0], got[len(got)-1])
		}
		stored, err := m.FindByKey(ctx, r.user, r.key)
		if err != nil || stored.Id != r.o.Id || stored.TotalCents != r.product {
			t.Fatalf("stored order for %d/%s: %+v %v, answered %+v", r.user, r.key, stored, err, r.o)
		}
	}
}

// Transitions that arrive together are applied together, each still
// conditional on its own from status, with its own reject code.
func TestConcurrentTransitionsEachMoveTheirOwnOrder(t *testing.T) {
	m := newOrders(t)
	ctx := context.Background()
	const n = 150
	orders := make([]*Orders, n)
	for i := range orders {
		orders[i] = pending(t, m, int64(i%7)+1, fmt.Sprintf("t%d", i), time.Now())
		if _, err := m.FindOne(ctx, orders[i].Id); err != nil { // cached as PENDING
			t.Fatal(err)
		}
	}
	// Every third order is settled by "another replica" first.
	for i := 0; i < n; i += 3 {
		if ok, err := m.Transition(ctx, orders[i].Id, "PENDING", "CONFIRMED", ""); !ok || err != nil {
			t.Fatalf("transition: %v %v", ok, err)
		}
	}
	moved := make([]bool, n)
	var wg sync.WaitGroup
	for i, o := range orders {
		wg.Go(func() {
			ok, err := m.Transition(ctx, o.Id, "PENDING", "REJECTED", fmt.Sprintf("CODE_%d", i))
			if err != nil {
				t.Error(err)
			}
			moved[i] = ok
		})
	}
	wg.Wait()
	for i, o := range orders {
		got, err := m.FindOne(ctx, o.Id)
		if err != nil {
			t.Fatal(err)
		}
		settledFirst := i%3 == 0
		switch {
		case moved[i] == settledFirst:
			t.Errorf("order %d: moved %v, though settled before: %v", i, moved[i], settledFirst)
		case settledFirst && (got.Status != "CONFIRMED" || got.RejectCode != ""):
			t.Errorf("order %d, confirmed first, is now %s %q (the cache must follow)", i, got.Status, got.RejectCode)
		case !settledFirst && (got.Status != "REJECTED" || got.RejectCode != fmt.Sprintf("CODE_%d", i)):
			t.Errorf("order %d is now %s %q, want REJECTED CODE_%d (the cache must follow)", i, got.Status, got.RejectCode, i)
		}
	}
}
