package logic

import (
	"context"
	"testing"

	"github.com/zeromicro/go-zero/core/stores/cache"
	"github.com/zeromicro/go-zero/core/stores/redis"

	"github.com/zsuite/common/errx"
	"github.com/zsuite/inventory-rpc/internal/config"
	"github.com/zsuite/inventory-rpc/internal/svc"
	"github.com/zsuite/inventory-rpc/inventorypb"
	"github.com/zsuite/inventory-rpc/migrations"
	"github.com/zsuite/testkit"
)

// newService gives a test inventory-rpc's logic over a database and a Redis of its own.
func newService(t *testing.T) *svc.ServiceContext {
	t.Helper()
	return svc.NewServiceContext(testConfig(t, testkit.NewRedis(t)))
}

// testConfig is the config of a test's inventory-rpc: a database of its own,
// the Redis at redisAddr, no local cache.
func testConfig(t *testing.T, redisAddr string) config.Config {
	t.Helper()
	var c config.Config
	c.Mode = "test"
	c.DataSource = testkit.NewDatabase(t, "inventory-rpc", migrations.FS)
	c.Cache = cache.CacheConf{{RedisConf: redis.RedisConf{Host: redisAddr, Type: redis.NodeType}, Weight: 100}}
	return c
}

var bg = context.Background()

// ledger is what the test knows each product must account for: its first
// stock plus every AdjustStock delta that succeeded.
type ledger map[int64]int64

func createProduct(t *testing.T, s *svc.ServiceContext, books ledger, name string, priceCents, stock int64) *inventorypb.Product {
	t.Helper()
	out, err := NewCreateProductLogic(bg, s).CreateProduct(&inventorypb.CreateProductReq{
		Name: name, Description: "about " + name, PriceCents: priceCents, Stock: stock,
	})
	if err != nil {
		t.Fatalf("create product %s: %v", name, err)
	}
	if books != nil {
		books[out.Product.Id] = stock
	}
	return out.Product
}

func adjust(t *testing.T, s *svc.ServiceContext, books ledger, id, delta int64) *inventorypb.Product {
	t.Helper()
	out, err := NewAdjustStockLogic(bg, s).AdjustStock(&inventorypb.AdjustStockReq{ProductId: id, Delta: delta})
	if err != nil {
		t.Fatalf("adjust stock of %d by %d: %v", id, delta, err)
	}
	books[id] += delta
	return out.Product
}

func lines(pairs ...int64) []*inventorypb.ReserveLine {
	var out []*inventorypb.ReserveLine
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, &inventorypb.ReserveLine{ProductId: pairs[i], Quantity: pairs[i+1]})
	}
	return out
}

func reserve(s *svc.ServiceContext, orderID int64, l []*inventorypb.ReserveLine) error {
	_, err := NewReserveLogic(bg, s).Reserve(&inventorypb.ReserveReq{OrderId: orderID, Lines: l})
	return err
}

func release(t *testing.T, s *svc.ServiceContext, orderID int64) bool {
	t.Helper()
	out, err := NewReleaseLogic(bg, s).Release(&inventorypb.ReleaseReq{OrderId: orderID})
	if err != nil {
		t.Fatalf("release order %d: %v", orderID, err)
	}
	return out.Released
}

func wantCode(t *testing.T, what string, err error, code errx.Code) {
	t.Helper()
	if !errx.Is(err, code) {
		t.Fatalf("%s = %v, want %s", what, err, code)
	}
}

// stock reads a product's stock from the database, past the cache.
func stock(t *testing.T, s *svc.ServiceContext, id int64) int64 {
	t.Helper()
	var n int64
	if err := s.DB.QueryRowCtx(bg, &n, "select stock from products where id = $1", id); err != nil {
		t.Fatalf("read stock of product %d: %v", id, err)
	}
	return n
}

// status reads an order's reservation status; "" when it has no row.
func status(t *testing.T, s *svc.ServiceContext, orderID int64) string {
	t.Helper()
	var st string
	err := s.DB.QueryRowCtx(bg, &st, "select coalesce((select status from reservations where order_id = $1), '')", orderID)
	if err != nil {
		t.Fatalf("read reservation of order %d: %v", orderID, err)
	}
	return st
}

// snapshot is every row the service owns, as one string, to check that a
// refused call changed nothing.
func snapshot(t *testing.T, s *svc.ServiceContext) string {
	t.Helper()
	var out string
	err := s.DB.QueryRowCtx(bg, &out, `select concat_ws(' | ',
		(select string_agg(concat_ws(':', id, name, description, price_cents, stock, updated_at), ',' order by id) from products),
		(select string_agg(concat_ws(':', order_id, status, updated_at), ',' order by order_id) from reservations),
		(select string_agg(concat_ws(':', order_id, product_id, quantity), ',' order by order_id, product_id) from reservation_lines))`)
	if err != nil {
		t.Fatalf("snapshot: %v", err)
	}
	return out
}

// unchanged runs call and fails t unless it left every row as it was.
func unchanged(t *testing.T, s *svc.ServiceContext, what string, call func() error, code errx.Code) {
	t.Helper()
	before := snapshot(t, s)
	wantCode(t, what, call(), code)
	if after := snapshot(t, s); after != before {
		t.Fatalf("%s changed the data:\nbefore %s\nafter  %s", what, before, after)
	}
}

// refused runs a Reserve of orderID that must be refused with code: it takes
// no stock and holds no lines, and it fences the order (its reservation row
// is RELEASED, so a later Reserve of it is refused too).
func refused(t *testing.T, s *svc.ServiceContext, what string, orderID int64, call func() error, code errx.Code) {
	t.Helper()
	stockAndLines := func() string {
		var out string
		err := s.DB.QueryRowCtx(bg, &out, `select concat_ws(' | ',
			(select string_agg(concat_ws(':', id, stock, updated_at), ',' order by id) from products),
			(select string_agg(concat_ws(':', order_id, product_id, quantity), ',' order by order_id, product_id) from reservation_lines))`)
		if err != nil {
			t.Fatalf("snapshot: %v", err)
		}
		return out
	}
	before := stockAndLines()
	wantCode(t, what, call(), code)
	if after := stockAndLines(); after != before {
		t.Fatalf("%s took stock or held lines:\nbefore %s\nafter  %s", what, before, after)
	}
	if st := status(t, s, orderID); st != "RELEASED" {
		t.Fatalf("%s left order %d %q, want it fenced (RELEASED)", what, orderID, st)
	}
}

// checkInvariant checks, for every product, that what the ledger says it must
// account for is its stock plus what live (RESERVED) reservations hold, and
// that no stock is negative.
func checkInvariant(t *testing.T, s *svc.ServiceContext, books ledger) {
	t.Helper()
	var rows []struct {
		ID       int64 `db:"id"`
		Stock    int64 `db:"stock"`
		Reserved int64 `db:"reserved"`
	}
	err := s.DB.QueryRowsCtx(bg, &rows, `select p.id, p.stock, coalesce(sum(l.quantity) filter (where r.status = 'RESERVED'), 0) as reserved
		from products p
		left join reservation_lines l on l.product_id = p.id
		left join reservations r on r.order_id = l.order_id
		group by p.id order by p.id`)
	if err != nil {
		t.Fatalf("read stock and reservations: %v", err)
	}
	if len(rows) != len(books) {
		t.Fatalf("%d products in the database, the test made %d", len(rows), len(books))
	}
	for _, r := range rows {
		if r.Stock < 0 || books[r.ID] != r.Stock+r.Reserved {
			t.Errorf("product %d: first stock + adjustments = %d, but stock %d + reserved %d = %d",
				r.ID, books[r.ID], r.Stock, r.Reserved, r.Stock+r.Reserved)
		}
	}
}
