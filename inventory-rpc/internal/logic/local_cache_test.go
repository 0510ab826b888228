package logic

import (
	"slices"
	"testing"
	"time"

	"github.com/zsuite/common/cachex"
	"github.com/zsuite/inventory-rpc/internal/model"
	"github.com/zsuite/inventory-rpc/internal/svc"
	"github.com/zsuite/inventory-rpc/inventorypb"
	"github.com/zsuite/testkit"
)

// newReplicas gives two replicas of inventory-rpc's logic, each with its own
// local cache (lc), on one database and one Redis (returned, to be stopped).
func newReplicas(t *testing.T, lc cachex.LocalConf) (a, b *svc.ServiceContext, rds *testkit.RedisServer) {
	t.Helper()
	rds = testkit.NewRedisServer(t)
	c := testConfig(t, rds.Addr)
	c.LocalCache = lc
	a, b = svc.NewServiceContext(c), svc.NewServiceContext(c)
	t.Cleanup(func() { _ = a.Local.Close(); _ = b.Local.Close() })
	return a, b, rds
}

func localConf(expiry time.Duration) cachex.LocalConf {
	return cachex.LocalConf{Enabled: true, Expiry: expiry, Limit: 1000}
}

// settle waits until the second deletes of the changes so far have been
// published: a read after it keeps its copy.
func settle() { time.Sleep(model.SecondDeleteDelay + 200*time.Millisecond) }

// readStock is shownStock for another goroutine: it reports instead of failing.
func readStock(s *svc.ServiceContext, id int64) (int64, bool) {
	out, err := NewGetProductsLogic(bg, s).GetProducts(&inventorypb.GetProductsReq{Ids: []int64{id}})
	if err != nil || len(out.Products) != 1 {
		return 0, false
	}
	return out.Products[0].Stock, true
}

func stockIs(s *svc.ServiceContext, id, want int64) func() bool {
	return func() bool {
		got, ok := readStock(s, id)
		return ok && got == want
	}
}

// Every change through one replica (stock adjusted, reserved by an order,
// released) is seen by reads through the other within 100 ms, while four
// readers load it; its copies would otherwise live a minute.
func TestReplicaSeesEveryChangeWithin100ms(t *testing.T) {
	a, b, _ := newReplicas(t, localConf(time.Minute))
	books := ledger{}
	p := createProduct(t, a, books, "A", 100, 1000)
	shownStock(t, b, p.Id) // b keeps a copy

	took, _ := everyChangeSeenWithin100ms(t, a, books, p, func(want int64) bool { return stockIs(b, p.Id, want)() })
	t.Logf("reads through the other replica missed a change for: median %v, max %v", took[len(took)/2], took[len(took)-1])
	checkInvariant(t, a, books)
}

// everyChangeSeenWithin100ms makes 30 changes of p's stock through a (stock
// adjusted, reserved by an order, released, in turn) and requires that shows
// each new stock within 100 ms while four readers load it. It returns how
// long each change went unseen, sorted, and the stock they left.
func everyChangeSeenWithin100ms(t *testing.T, a *svc.ServiceContext, books ledger, p *inventorypb.Product, shows func(stock int64) bool) (took []time.Duration, stock int64) {
	t.Helper()
	want, order := p.Stock, int64(0)
	for i := range 30 {
		var change func()
		switch i % 3 {
		case 0:
			want++
			change = func() { adjust(t, a, books, p.Id, 1) }
		case 1:
			want -= 2
			order++
			change = func() {
				if err := reserve(a, order, lines(p.Id, 2)); err != nil {
					t.Error(err)
				}
			}
		case 2:
			want += 2
			change = func() { release(t, a, order) }
		}
		took = append(took, testkit.SeenWithin(t, 100*time.Millisecond, 4, change, func() bool { return shows(want) }))
	}
	slices.Sort(took)
	return took, want
}

// A replica serves its copy without asking Redis (what the knob buys), and
// with the knob off it reads Redis every time, as without a local cache.
func TestLocalCopyIsServedOnlyWhenEnabled(t *testing.T) {
	for _, enabled := range []bool{true, false} {
		lc := localConf(time.Minute)
		lc.Enabled = enabled
		a, b, _ := newReplicas(t, lc)
		if (a.Local != nil) != enabled {
			t.Fatalf("enabled %v: Local = %v", enabled, a.Local)
		}
		p := createProduct(t, a, nil, "A", 100, 10)
		settle()
		shownStock(t, b, p.Id)
		// Change the row behind every cache's back, and the Redis entry with it.
		if _, err := a.DB.ExecCtx(bg, "update products set stock = 7 where id = $1", p.Id); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Redis.DelCtx(bg, cacheKey(p.Id)); err != nil {
			t.Fatal(err)
		}
		want := int64(7)
		if enabled {
			want = 10
		}
		if got := shownStock(t, b, p.Id); got != want {
			t.Fatalf("enabled %v: stock shown = %d, want %d", enabled, got, want)
		}
	}
}

// An invalidation lost while the subscription holds (here: a change whose
// delete was never published) leaves the other replica's copy until its
// expiry, and no longer.
func TestLostInvalidationLapsesByExpiry(t *testing.T) {
	const expiry = 2 * time.Second
	a, b, _ := newReplicas(t, localConf(expiry))
	p := createProduct(t, a, nil, "A", 100, 10)
	settle()
	shownStock(t, b, p.Id)
	kept := time.Now()

	// The change, with its Redis delete but not its message.
	if _, err := a.DB.ExecCtx(bg, "update products set stock = 7 where id = $1", p.Id); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Redis.DelCtx(bg, cacheKey(p.Id)); err != nil {
		t.Fatal(err)
	}
	if got := shownStock(t, b, p.Id); got != 10 {
		t.Fatalf("right after the lost invalidation: stock shown = %d, want the kept 10", got)
	}
	// go-zero's local cache expires on a wheel of one-second ticks (so up to
	// a second early), at ±5%.
	bound := expiry + expiry/20 + 300*time.Millisecond
	for got := int64(10); got != 7; got = shownStock(t, b, p.Id) {
		if time.Since(kept) > bound {
			t.Fatalf("stale copy still served %v after it was kept (bound %v)", time.Since(kept), bound)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("stale copy lapsed %v after it was kept", time.Since(kept))
}

// When Redis goes down, the subscription with it: every copy is dropped at
// once (a change made meanwhile is shown, read from Postgres), none is kept
// while it is down, and copies are kept again once it is back.
func TestLostSubscriptionDropsEveryCopy(t *testing.T) {
	a, b, rds := newReplicas(t, localConf(time.Minute))
	books := ledger{}
	p := createProduct(t, a, books, "A", 100, 10)
	settle()
	shownStock(t, b, p.Id)

	rds.Stop()
	stopped := time.Now()
	adjust(t, a, books, p.Id, -3) // go-zero's delete takes a second or two to give up
	if got := shownStock(t, b, p.Id); got != 7 {
		t.Fatalf("%v after Redis went down: stock shown = %d, want 7", time.Since(stopped), got)
	}

	rds.Start(t)
	restarted := time.Now()
	// Kept again: a change behind every cache's back is not shown.
	for {
		shownStock(t, b, p.Id)
		if _, err := a.DB.ExecCtx(bg, "update products set stock = stock + 1 where id = $1", p.Id); err != nil {
			t.Fatal(err)
		}
		books[p.Id]++
		// go-zero's client may still answer its last dial error for a moment.
		if _, err := a.Redis.DelCtx(bg, cacheKey(p.Id)); err != nil {
			t.Logf("delete the cached row: %v", err)
			time.Sleep(100 * time.Millisecond)
			continue
		}
		if got := shownStock(t, b, p.Id); got != books[p.Id] {
			break
		}
		if time.Since(restarted) > 5*time.Second {
			t.Fatalf("no copy kept %v after Redis came back", time.Since(restarted))
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("copies kept again %v after Redis came back", time.Since(restarted))
}
