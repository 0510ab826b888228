package logic

import (
	"slices"
	"testing"
	"time"

	"github.com/zeromicro/go-zero/core/stores/cache"
	"github.com/zeromicro/go-zero/core/stores/redis"

	"github.com/zsuite/common/cachex"
	"github.com/zsuite/common/testkit"
	"github.com/zsuite/inventory-rpc/internal/config"
	"github.com/zsuite/inventory-rpc/internal/model"
	"github.com/zsuite/inventory-rpc/internal/svc"
	"github.com/zsuite/inventory-rpc/inventorypb"
	"github.com/zsuite/inventory-rpc/migrations"
)

// newReplicas gives two replicas of inventory-rpc's logic, each with its own
// local cache (lc), on one database and one Redis (returned, to be stopped).
func newReplicas(t *testing.T, lc cachex.LocalConf) (a, b *svc.ServiceContext, rds *testkit.RedisServer) {
	t.Helper()
	rds = testkit.NewRedisServer(t)
	var c config.Config
	c.Mode = "test"
	c.DataSource = testkit.NewDatabase(t, "INVENTORY", migrations.FS)
	c.Cache = cache.CacheConf{{RedisConf: redis.RedisConf{Host: rds.Addr, Type: redis.NodeType}, Weight: 100}}
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

	want, order := p.Stock, int64(0)
	var took []time.Duration
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
		took = append(took, testkit.SeenWithin(t, 100*time.Millisecond, 4, change, stockIs(b, p.Id, want)))
	}
	slices.Sort(took)
	t.Logf("reads through the other replica missed a change for: median %v, max %v", took[len(took)/2], took[len(took)-1])
	checkInvariant(t, a, books)
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

// With Redis down, a change's invalidation is lost: the other replica's copy
// lives until its expiry, and no longer (its reads then go to Postgres).
func TestLostInvalidationLapsesByExpiry(t *testing.T) {
	const expiry = 5 * time.Second
	a, b, rds := newReplicas(t, localConf(expiry))
	books := ledger{}
	p := createProduct(t, a, books, "A", 100, 10)
	settle()
	shownStock(t, b, p.Id)
	kept := time.Now()

	rds.Stop()
	adjust(t, a, books, p.Id, -3) // go-zero's delete takes a second or two to give up
	if got := shownStock(t, b, p.Id); got != 10 {
		t.Fatalf("right after the change with Redis down (%v): stock shown = %d, want the kept 10", time.Since(kept), got)
	}
	// go-zero's local cache expires on a wheel of one-second ticks, at ±5%.
	bound := expiry + expiry/20 + time.Second + 300*time.Millisecond
	for got := int64(10); got != 7; got = shownStock(t, b, p.Id) {
		if time.Since(kept) > bound {
			t.Fatalf("stale copy still served %v after it was kept (bound %v)", time.Since(kept), bound)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("stale copy lapsed %v after it was kept", time.Since(kept))
}

// Messages sent while the subscription was down are lost; when it is back
// (Redis restarted) every copy is dropped, long before its expiry.
func TestResubscriptionDropsEveryCopy(t *testing.T) {
	a, b, rds := newReplicas(t, localConf(time.Minute))
	books := ledger{}
	p := createProduct(t, a, books, "A", 100, 10)
	settle()
	shownStock(t, b, p.Id)

	rds.Stop()
	adjust(t, a, books, p.Id, -3)
	if got := shownStock(t, b, p.Id); got != 10 {
		t.Fatalf("right after the change with Redis down: stock shown = %d, want the kept 10", got)
	}
	rds.Start(t)
	restarted := time.Now()
	for got := int64(10); got != 7; got = shownStock(t, b, p.Id) {
		if time.Since(restarted) > 5*time.Second {
			t.Fatalf("stale copy still served %v after Redis came back", time.Since(restarted))
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("stale copy dropped %v after Redis came back", time.Since(restarted))
}
