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
