package logic

import (
	"testing"

	"github.com/zsuite/common/errx"
	"github.com/zsuite/inventory-rpc/inventorypb"
)

func TestReserveTakesEveryLineThenReleaseGivesItBack(t *testing.T) {
	s := newService(t)
	books := ledger{}
	a := createProduct(t, s, books, "A", 100, 10)
	b := createProduct(t, s, books, "B", 200, 5)

	if err := reserve(s, 1, lines(b.Id, 5, a.Id, 3)); err != nil {
		t.Fatalf("reserve: %v", err)
	}
	if sa, sb := stock(t, s, a.Id), stock(t, s, b.Id); sa != 7 || sb != 0 {
		t.Fatalf("stock after reserve = %d, %d; want 7, 0", sa, sb)
	}
	if st := status(t, s, 1); st != "RESERVED" {
		t.Fatalf("status = %q", st)
	}
	checkInvariant(t, s, books)

	if !release(t, s, 1) {
		t.Fatal("release returned nothing")
	}
	if sa, sb := stock(t, s, a.Id), stock(t, s, b.Id); sa != 10 || sb != 5 {
		t.Fatalf("stock after release = %d, %d; want 10, 5", sa, sb)
	}
	if st := status(t, s, 1); st != "RELEASED" {
		t.Fatalf("status = %q", st)
	}
	checkInvariant(t, s, books)
}

func TestReserveIsAllOrNone(t *testing.T) {
	s := newService(t)
	books := ledger{}
	a := createProduct(t, s, books, "A", 100, 10)
	b := createProduct(t, s, books, "B", 200, 2)
	c := createProduct(t, s, books, "C", 300, 10)

	// B is short; A comes before it in id order and C after it: neither may move.
	unchanged(t, s, "Reserve with one short line", func() error {
		return reserve(s, 1, lines(c.Id, 1, a.Id, 1, b.Id, 3))
	}, errx.OutOfStock)
	unchanged(t, s, "Reserve of an unknown product", func() error {
		return reserve(s, 2, lines(a.Id, 1, c.Id+100, 1))
	}, errx.NotFound)

	// A refused Reserve leaves no mark: once restocked, the same order reserves.
	adjust(t, s, books, b.Id, 1)
	if err := reserve(s, 1, lines(c.Id, 1, a.Id, 1, b.Id, 3)); err != nil {
		t.Fatalf("reserve after restock: %v", err)
	}
	if sa, sb, sc := stock(t, s, a.Id), stock(t, s, b.Id), stock(t, s, c.Id); sa != 9 || sb != 0 || sc != 9 {
		t.Fatalf("stock = %d, %d, %d; want 9, 0, 9", sa, sb, sc)
	}
	checkInvariant(t, s, books)
}

func TestReserveValidatesAndChangesNothing(t *testing.T) {
	s := newService(t)
	books := ledger{}
	a := createProduct(t, s, books, "A", 100, 10)
	for what, in := range map[string]*inventorypb.ReserveReq{
		"order 0":         {OrderId: 0, Lines: lines(a.Id, 1)},
		"negative order":  {OrderId: -1, Lines: lines(a.Id, 1)},
		"no lines":        {OrderId: 1},
		"zero quantity":   {OrderId: 1, Lines: lines(a.Id, 0)},
		"negative qty":    {OrderId: 1, Lines: lines(a.Id, -1)},
		"product twice":   {OrderId: 1, Lines: lines(a.Id, 1, a.Id, 2)},
		"product id 0":    {OrderId: 1, Lines: lines(0, 1)},
		"101 lines":       {OrderId: 1, Lines: make([]*inventorypb.ReserveLine, 101)},
		"quantity > 2^53": {OrderId: 1, Lines: lines(a.Id, 1<<53)},
	} {
		unchanged(t, s, "Reserve "+what, func() error {
			_, err := NewReserveLogic(bg, s).Reserve(in)
			return err
		}, errx.InvalidArgument)
	}
	unchanged(t, s, "Release of order 0", func() error {
		_, err := NewReleaseLogic(bg, s).Release(&inventorypb.ReleaseReq{OrderId: 0})
		return err
	}, errx.InvalidArgument)
	checkInvariant(t, s, books)
}

func TestReserveIsIdempotent(t *testing.T) {
	s := newService(t)
	books := ledger{}
	a := createProduct(t, s, books, "A", 100, 10)
	for range 3 {
		if err := reserve(s, 7, lines(a.Id, 4)); err != nil {
			t.Fatalf("reserve: %v", err)
		}
	}
	if n := stock(t, s, a.Id); n != 6 {
		t.Fatalf("stock after three Reserves of one order = %d, want 6", n)
	}
	checkInvariant(t, s, books)
}

func TestReleaseGivesStockBackOnce(t *testing.T) {
	s := newService(t)
	books := ledger{}
	a := createProduct(t, s, books, "A", 100, 10)
	if err := reserve(s, 7, lines(a.Id, 4)); err != nil {
		t.Fatal(err)
	}
	if !release(t, s, 7) {
		t.Fatal("first release returned nothing")
	}
	if release(t, s, 7) {
		t.Fatal("second release returned stock again")
	}
	if n := stock(t, s, a.Id); n != 10 {
		t.Fatalf("stock = %d, want 10", n)
	}
	// A released order stays released: Reserve again is refused.
	unchanged(t, s, "Reserve of a released order", func() error { return reserve(s, 7, lines(a.Id, 4)) }, errx.Conflict)
	checkInvariant(t, s, books)
}

func TestReleaseBeforeReserveRefusesTheLateReserve(t *testing.T) {
	s := newService(t)
	books := ledger{}
	a := createProduct(t, s, books, "A", 100, 10)

	// An order that never reserved: Release succeeds, returns nothing, leaves a mark.
	before := snapshot(t, s)
	if release(t, s, 9) {
		t.Fatal("release of an unknown order returned stock")
	}
	if n := stock(t, s, a.Id); n != 10 {
		t.Fatalf("stock = %d, want 10", n)
	}
	if st := status(t, s, 9); st != "RELEASED" {
		t.Fatalf("the mark's status = %q, want RELEASED", st)
	}
	if release(t, s, 9) {
		t.Fatal("second release of an unknown order returned stock")
	}
	if snapshot(t, s) == before {
		t.Fatal("release of an unknown order left no mark")
	}

	unchanged(t, s, "the late Reserve", func() error { return reserve(s, 9, lines(a.Id, 1)) }, errx.Conflict)
	if n := stock(t, s, a.Id); n != 10 {
		t.Fatalf("stock after the late Reserve = %d, want 10", n)
	}
	// Other orders are not affected by the mark.
	if err := reserve(s, 10, lines(a.Id, 1)); err != nil {
		t.Fatalf("reserve of another order: %v", err)
	}
	checkInvariant(t, s, books)
}

func TestReserveRefusalsCarryTheProduct(t *testing.T) {
	s := newService(t)
	a := createProduct(t, s, nil, "A", 100, 1)
	e, _ := errx.From(reserve(s, 1, lines(a.Id, 2)))
	if e == nil || e.Code != errx.OutOfStock || e.Message != "not enough stock of product 1" {
		t.Fatalf("out of stock answer = %+v", e)
	}
	e, _ = errx.From(reserve(s, 1, lines(a.Id, 1, 42, 1)))
	if e == nil || e.Code != errx.NotFound || e.Message != "product 42 not found" {
		t.Fatalf("not found answer = %+v", e)
	}
}
