package logic

import (
	"fmt"
	"testing"
	"time"

	"github.com/zsuite/inventory-rpc/internal/model"
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

func TestProductCacheLivesAboutAMinute(t *testing.T) {
	s := newService(t)
	a := createProduct(t, s, nil, "A", 100, 10)
	shownStock(t, s, a.Id)
	// A minute, varied by ±5% by go-zero.
	ttl, err := s.Redis.TtlCtx(bg, cacheKey(a.Id))
	if err != nil || ttl < 56 || ttl > 63 {
		t.Fatalf("TTL of the cached product = %d s, %v; want about 60", ttl, err)
	}
}

// A read that began before a change may store the old row just after the
// change's delete. Every change deletes its products' keys a second time a
// moment later: here the raced read is played by writing the old entry back
// right after each kind of change, and the second delete must drop it.
func TestSecondDeleteDropsAStaleCopyCachedAfterTheChange(t *testing.T) {
	s := newService(t)
	books := ledger{}
	reserved := createProduct(t, s, books, "Reserved", 100, 10)
	released := createProduct(t, s, books, "Released", 100, 10)
	adjusted := createProduct(t, s, books, "Adjusted", 100, 10)
	if err := reserve(s, 1, lines(released.Id, 4)); err != nil {
		t.Fatal(err)
	}
	// Let the second deletes of the set-up fire first: they must not be
	// the ones that drop the stale copies below.
	time.Sleep(model.SecondDeleteDelay + 200*time.Millisecond)

	steps := []struct {
		what        string
		id          int64
		change      func()
		stale, want int64
	}{
		{"Reserve", reserved.Id, func() {
			if err := reserve(s, 2, lines(reserved.Id, 3)); err != nil {
				t.Error(err)
			}
		}, 10, 7},
		{"Release", released.Id, func() { release(t, s, 1) }, 6, 10},
		{"AdjustStock", adjusted.Id, func() { adjust(t, s, books, adjusted.Id, -4) }, 10, 6},
	}
	changed := time.Now()
	for _, step := range steps {
		shownStock(t, s, step.id)
		old, err := s.Redis.GetCtx(bg, cacheKey(step.id))
		if err != nil || old == "" {
			t.Fatalf("before %s: cached entry %q, %v", step.what, old, err)
		}
		step.change()
		if err := s.Redis.SetexCtx(bg, cacheKey(step.id), old, 60); err != nil {
			t.Fatal(err)
		}
		if got := shownStock(t, s, step.id); got != step.stale {
			t.Fatalf("after %s, with the raced old entry: stock shown = %d, want the stale %d", step.what, got, step.stale)
		}
	}

	// The placeholder a lookup of a not yet created product leaves.
	next := adjusted.Id + 1
	if out, err := NewGetProductsLogic(bg, s).GetProducts(&inventorypb.GetProductsReq{Ids: []int64{next}}); err != nil || len(out.Products) != 0 {
		t.Fatalf("GetProducts(%d) before it exists = %+v, %v", next, out, err)
	}
	placeholder, err := s.Redis.GetCtx(bg, cacheKey(next))
	if err != nil || placeholder == "" {
		t.Fatalf("no not-found placeholder: %q, %v", placeholder, err)
	}
	if p := createProduct(t, s, books, "Created", 100, 10); p.Id != next {
		t.Fatalf("created product has id %d, the test expects %d", p.Id, next)
	}
	if err := s.Redis.SetexCtx(bg, cacheKey(next), placeholder, 60); err != nil {
		t.Fatal(err)
	}

	ids := []int64{reserved.Id, released.Id, adjusted.Id, next}
	for deadline := changed.Add(model.SecondDeleteDelay + 3*time.Second); ; time.Sleep(50 * time.Millisecond) {
		left := 0
		for _, id := range ids {
			if cached(t, s, id) {
				left++
			}
		}
		if left == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d stale entries still cached %v after the changes", left, time.Since(changed))
		}
	}
	if since := time.Since(changed); since < model.SecondDeleteDelay-100*time.Millisecond {
		t.Fatalf("stale entries gone after %v, before the second delete was due", since)
	}
	for _, step := range steps {
		if got := shownStock(t, s, step.id); got != step.want {
			t.Errorf("after %s and the second delete: stock shown = %d, want %d", step.what, got, step.want)
		}
	}
	if got := shownStock(t, s, next); got != 10 {
		t.Errorf("created product: stock shown = %d, want 10", got)
	}
	checkInvariant(t, s, books)
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
