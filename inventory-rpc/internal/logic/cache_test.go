package logic

import (
	"fmt"
	"testing"

	"github.com/zsuite/inventory-rpc/internal/svc"
	"github.com/zsuite/inventory-rpc/inventorypb"
)

// shownStock is the stock a client sees: GetProducts, through the cache.
func shownStock(t *testing.T, s *svc.ServiceContext, id int64) int64 {
	t.Helper()
	out, err := NewGetProductsLogic(bg, s).GetProducts(&inventorypb.GetProductsReq{Ids: []int64{id}})
	if err != nil || len(out.Products) != 1 {
		t.Fatalf("GetProducts(%d) = %+v, %v", id, out, err)
	}
	return out.Products[0].Stock
}

func cacheKey(id int64) string { return fmt.Sprintf("cache:public:products:id:%d", id) }

func cached(t *testing.T, s *svc.ServiceContext, id int64) bool {
	t.Helper()
	ok, err := s.Redis.ExistsCtx(bg, cacheKey(id))
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

func TestStockShownIsFreshAfterEveryChange(t *testing.T) {
	s := newService(t)
	books := ledger{}
	a := createProduct(t, s, books, "A", 100, 10)

	steps := []struct {
		what   string
		change func()
		want   int64
	}{
		{"Reserve", func() {
			if err := reserve(s, 1, lines(a.Id, 3)); err != nil {
				t.Fatal(err)
			}
		}, 7},
		{"Release", func() { release(t, s, 1) }, 10},
		{"AdjustStock", func() { adjust(t, s, books, a.Id, -4) }, 6},
	}
	for _, step := range steps {
		shownStock(t, s, a.Id)
		if !cached(t, s, a.Id) {
			t.Fatalf("before %s: the product is not cached", step.what)
		}
		step.change()
		if got := shownStock(t, s, a.Id); got != step.want {
			t.Fatalf("stock shown right after %s = %d, want %d", step.what, got, step.want)
		}
	}
	checkInvariant(t, s, books)
}

func TestProductCacheLivesAboutASecond(t *testing.T) {
	s := newService(t)
	a := createProduct(t, s, nil, "A", 100, 10)
	shownStock(t, s, a.Id)
	ttl, err := s.Redis.TtlCtx(bg, cacheKey(a.Id))
	if err != nil || ttl < 0 || ttl > 1 {
		t.Fatalf("TTL of the cached product = %d s, %v; want at most 1", ttl, err)
	}
}

func TestCreatedProductIsNotHiddenByANotFoundPlaceholder(t *testing.T) {
	s := newService(t)
	// The first product of a new database gets id 1; ask for it before it exists.
	out, err := NewGetProductsLogic(bg, s).GetProducts(&inventorypb.GetProductsReq{Ids: []int64{1}})
	if err != nil || len(out.Products) != 0 {
		t.Fatalf("GetProducts(1) on an empty catalogue = %+v, %v", out, err)
	}
	if !cached(t, s, 1) {
		t.Fatal("no not-found placeholder was cached")
	}
	if p := createProduct(t, s, nil, "A", 100, 10); p.Id != 1 {
		t.Fatalf("first product has id %d, the test expects 1", p.Id)
	}
	if got := shownStock(t, s, 1); got != 10 {
		t.Fatalf("stock shown = %d, want 10", got)
	}
}
