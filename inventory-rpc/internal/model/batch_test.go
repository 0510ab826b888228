package model

import (
	"context"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/zeromicro/go-zero/core/stores/cache"
	"github.com/zeromicro/go-zero/core/stores/redis"
	"github.com/zeromicro/go-zero/core/stores/sqlx"

	"github.com/zsuite/common/cachex"
	"github.com/zsuite/common/rpcx"
	"github.com/zsuite/inventory-rpc/migrations"
	"github.com/zsuite/testkit"
)

// newBenchModel gives a benchmark the model over a database and a Redis of
// its own, and a product of ample stock.
func newBenchModel(b *testing.B) (sqlx.SqlConn, *customReservationsModel, int64) {
	db := rpcx.NewDB(testkit.NewDatabase(b, "inventory-rpc", migrations.FS))
	conf := cache.CacheConf{{RedisConf: redis.RedisConf{Host: testkit.NewRedis(b), Type: redis.NodeType}, Weight: 100}}
	var product int64
	if err := db.QueryRowCtx(context.Background(), &product,
		`insert into products (name, price_cents, stock) values ('P', 1, 1000000000) returning id`); err != nil {
		b.Fatal(err)
	}
	return db, NewReservationsModel(db, cachex.New(conf)).(*customReservationsModel), product
}

// What group commit costs a lone order, one Reserve after the other so that
// no batch ever holds more than one: Reserve (the batcher and reserve_batch)
// against what it replaced, the per-order reserve function with the same
// cache deletes. Against the real stack:
//
//	go test -run '^$' -bench LoneReserve -benchtime 2000x ./internal/model/
func BenchmarkLoneReserve(b *testing.B) {
	ctx := context.Background()
	db, m, product := newBenchModel(b)
	lines := []ReserveLine{{ProductID: product, Quantity: 1}}
	order := int64(0)

	b.Run("group commit", func(b *testing.B) {
		for b.Loop() {
			order++
			if reserved, err := m.Reserve(ctx, order, lines); err != nil || !reserved {
				b.Fatalf("Reserve = %v, %v", reserved, err)
			}
		}
	})
	b.Run("per-order function", func(b *testing.B) {
		for b.Loop() {
			order++
			if err := reservePerOrder(ctx, db, m, order, product); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// reservePerOrder is Reserve as it was before group commit: the reserve
// function, then the same cache deletes.
func reservePerOrder(ctx context.Context, db sqlx.SqlConn, m *customReservationsModel, order, product int64) error {
	var reserved bool
	if err := db.QueryRowCtx(ctx, &reserved, `select reserve($1, $2, $3)`, order, []int64{product}, []int64{1}); err != nil || !reserved {
		return fmt.Errorf("reserve = %v, %w", reserved, err)
	}
	return dropCached(ctx, m.CachedConn, fmt.Sprintf("%s%v", cachePublicReservationsOrderIdPrefix, order), productCacheKey(product))
}

// Orders of one unit of one product from many callers at once: Reserve
// (group commit) against the per-order reserve function, which is what the
// bench's hot-row floor runs, with 4, 16 and 64 callers (on 2 cores):
//
//	go test -run '^$' -bench HotReserve -benchtime 3s ./internal/model/
func BenchmarkHotReserve(b *testing.B) {
	ctx := context.Background()
	db, m, product := newBenchModel(b)
	lines := []ReserveLine{{ProductID: product, Quantity: 1}}
	var order atomic.Int64
	for _, c := range []struct {
		name    string
		reserve func(id int64) error
	}{
		{"group commit", func(id int64) error {
			_, err := m.Reserve(ctx, id, lines)
			return err
		}},
		{"per-order function", func(id int64) error { return reservePerOrder(ctx, db, m, id, product) }},
	} {
		for _, perProc := range []int{2, 8, 32} {
			callers := perProc * runtime.GOMAXPROCS(0)
			b.Run(fmt.Sprintf("%s/callers=%d", c.name, callers), func(b *testing.B) {
				b.SetParallelism(perProc)
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						if err := c.reserve(order.Add(1)); err != nil {
							b.Error(err)
							return
						}
					}
				})
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "orders/s")
			})
		}
	}
}
