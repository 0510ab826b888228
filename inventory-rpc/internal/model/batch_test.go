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
// no batch ever holds more than one (the batcher and reserve_batch). The
// bench's hot-row floor (make bench) compares the suite with one statement per
// order. Against the real stack:
//
//	go test -run '^$' -bench LoneReserve -benchtime 2000x ./internal/model/
func BenchmarkLoneReserve(b *testing.B) {
	ctx := context.Background()
	_, m, product := newBenchModel(b)
	lines := []ReserveLine{{ProductID: product, Quantity: 1}}
	order := int64(0)
	for b.Loop() {
		order++
		if reserved, err := m.Reserve(ctx, order, lines); err != nil || !reserved {
			b.Fatalf("Reserve = %v, %v", reserved, err)
		}
	}
}

// Orders of one unit of one product from many callers at once, with 4, 16
// and 64 callers (on 2 cores):
//
//	go test -run '^$' -bench HotReserve -benchtime 3s ./internal/model/
func BenchmarkHotReserve(b *testing.B) {
	ctx := context.Background()
	_, m, product := newBenchModel(b)
	lines := []ReserveLine{{ProductID: product, Quantity: 1}}
	var order atomic.Int64
	for _, perProc := range []int{2, 8, 32} {
		callers := perProc * runtime.GOMAXPROCS(0)
		b.Run(fmt.Sprintf("callers=%d", callers), func(b *testing.B) {
			b.SetParallelism(perProc)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, err := m.Reserve(ctx, order.Add(1), lines); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "orders/s")
		})
	}
}
