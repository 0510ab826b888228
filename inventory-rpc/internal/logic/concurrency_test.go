package logic

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/zsuite/common/errx"
	"github.com/zsuite/inventory-rpc/inventorypb"
)

func TestConcurrentReservesNeverOversell(t *testing.T) {
	s := newService(t)
	books := ledger{}
	p := createProduct(t, s, books, "Last ten", 100, 10)

	const buyers = 50
	errs := make([]error, buyers)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range buyers {
		wg.Go(func() {
			<-start
			errs[i] = reserve(s, int64(1000+i), lines(p.Id, 1))
		})
	}
	close(start)
	wg.Wait()

	ok := 0
	for i, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errx.Is(err, errx.OutOfStock):
			t.Errorf("buyer %d: %v, want success or OUT_OF_STOCK", i, err)
		}
	}
	if ok != 10 {
		t.Errorf("%d reserves succeeded, want 10", ok)
	}
	if n := stock(t, s, p.Id); n != 0 {
		t.Errorf("stock = %d, want 0", n)
	}
	checkInvariant(t, s, books)
}

// Many Reserves and Releases of the same orders at once, with lines that name
// the same products in different orders (a deadlock, if locks were taken in
// line order), and restocks beside them. Every order has a Release, so each
// must end RELEASED and all stock must be back.
func TestConcurrentReserveAndReleaseOfOneOrderStayConsistent(t *testing.T) {
	s := newService(t)
	books := ledger{}
	a := createProduct(t, s, books, "A", 100, 1000)
	b := createProduct(t, s, books, "B", 200, 1000)

	const orders = 15
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		reserved = map[int64]bool{} // a Reserve of the order succeeded
		released = map[int64]int{}  // Releases of the order that returned stock
		failures []error
	)
	start := make(chan struct{})
	fail := func(err error) {
		mu.Lock()
		failures = append(failures, err)
		mu.Unlock()
	}
	for o := range int64(orders) {
		order := 500 + o
		for i := range 2 {
			wg.Go(func() {
				<-start
				l := lines(a.Id, 1+o%3, b.Id, 2)
				if i == 1 {
					l = lines(b.Id, 2, a.Id, 1+o%3)
				}
				switch err := reserve(s, order, l); {
				case err == nil:
					mu.Lock()
					reserved[order] = true
					mu.Unlock()
				case !errx.Is(err, errx.Conflict):
					fail(err)
				}
			})
			wg.Go(func() {
				<-start
				out, err := NewReleaseLogic(bg, s).Release(&inventorypb.ReleaseReq{OrderId: order})
				if err != nil {
					fail(err)
					return
				}
				if out.Released {
					mu.Lock()
					released[order]++
					mu.Unlock()
				}
			})
		}
	}
	wg.Go(func() {
		<-start
		for range 5 {
			if _, err := NewAdjustStockLogic(bg, s).AdjustStock(&inventorypb.AdjustStockReq{ProductId: a.Id, Delta: 1}); err != nil {
				fail(err)
				return
			}
			mu.Lock()
			books[a.Id]++
			mu.Unlock()
		}
	})
	close(start)
	wg.Wait()

	for _, err := range failures {
		t.Errorf("unexpected answer: %v", err)
	}
	t.Logf("%d of %d orders reserved before their first Release", len(reserved), orders)
	for o := range int64(orders) {
		if st := status(t, s, 500+o); st != "RELEASED" {
			t.Errorf("order %d ends %q, want RELEASED", 500+o, st)
		}
		// Stock goes back exactly once if the order ever reserved, else never.
		if want := map[bool]int{true: 1, false: 0}[reserved[500+o]]; released[500+o] != want {
			t.Errorf("order %d (reserved: %v) gave its stock back %d times, want %d",
				500+o, reserved[500+o], released[500+o], want)
		}
	}
	if sa, sb := stock(t, s, a.Id), stock(t, s, b.Id); sa != 1005 || sb != 1000 {
		t.Errorf("stock = %d, %d; want 1005, 1000 (all back)", sa, sb)
	}
	checkInvariant(t, s, books)
}

// Orders of several lines over the same products, each naming them in an
// order of its own, all at once: products are locked in id order whatever
// the lines' order, so none deadlocks (Postgres would abort one, an INTERNAL
// answer), and with too little stock for all of them every order is taken
// whole or refused whole.
func TestConcurrentMultiLineReservesNeitherDeadlockNorSplit(t *testing.T) {
	s := newService(t)
	books := ledger{}
	var ids []int64
	for i := range 5 {
		ids = append(ids, createProduct(t, s, books, fmt.Sprintf("P%d", i), 100, 60).Id)
	}

	const orders = 40 // each takes 2 of every product: stock for 30
	errs := make([]error, orders)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for o := range orders {
		order := slices.Clone(ids)
		rand.New(rand.NewPCG(uint64(o), 1)).Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		if o%2 == 1 {
			slices.Reverse(order)
		}
		var l []*inventorypb.ReserveLine
		for _, id := range order {
			l = append(l, &inventorypb.ReserveLine{ProductId: id, Quantity: 2})
		}
		wg.Go(func() {
			<-start
			errs[o] = reserve(s, int64(2000+o), l)
		})
	}
	close(start)
	wg.Wait()

	ok := 0
	for o, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errx.Is(err, errx.OutOfStock):
			t.Errorf("order %d: %v, want success or OUT_OF_STOCK", 2000+o, err)
		}
	}
	if ok != 30 {
		t.Errorf("%d orders reserved, want 30", ok)
	}
	for _, id := range ids {
		if n := stock(t, s, id); n != 0 {
			t.Errorf("stock of product %d = %d, want 0", id, n)
		}
	}
	var lineCount int
	if err := s.DB.QueryRowCtx(bg, &lineCount, "select count(*) from reservation_lines"); err != nil {
		t.Fatal(err)
	}
	if lineCount != 30*len(ids) {
		t.Errorf("%d reservation lines, want %d (every reserved order whole, none of a refused one)", lineCount, 30*len(ids))
	}
	checkInvariant(t, s, books)
}
