package logic

import (
	"errors"
	"testing"

	"github.com/zsuite/common/errx"
	"github.com/zsuite/inventory-rpc/internal/model"
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
	refused(t, s, "Reserve with one short line", 1, func() error {
		return reserve(s, 1, lines(c.Id, 1, a.Id, 1, b.Id, 3))
	}, errx.OutOfStock)
	refused(t, s, "Reserve of an unknown product", 2, func() error {
		return reserve(s, 2, lines(a.Id, 1, c.Id+100, 1))
	}, errx.NotFound)

	// A refusal is the order's only outcome: once restocked, the same order
	// is still refused (a retry or the recovery loop racing the actor that
	// rejected it must not reserve stock for a REJECTED order), and a new
	// order reserves.
	adjust(t, s, books, b.Id, 1)
	unchanged(t, s, "Reserve of a refused order after a restock", func() error {
		return reserve(s, 1, lines(c.Id, 1, a.Id, 1, b.Id, 3))
	}, errx.Conflict)
	if err := reserve(s, 3, lines(c.Id, 1, a.Id, 1, b.Id, 3)); err != nil {
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
	e, _ = errx.From(reserve(s, 2, lines(a.Id, 1, 42, 1)))
	if e == nil || e.Code != errx.NotFound || e.Message != "product 42 not found" {
		t.Fatalf("not found answer = %+v", e)
	}
}

// Lines are checked in product id order, whatever their order in the request:
// the refusal names the first failing product in that order.
func TestReserveRefusalNamesTheFirstFailingProductInIDOrder(t *testing.T) {
	s := newService(t)
	a := createProduct(t, s, nil, "A", 100, 1)
	b := createProduct(t, s, nil, "B", 100, 10)
	var order int64
	for _, c := range []struct {
		lines []*inventorypb.ReserveLine
		code  errx.Code
		want  string
	}{
		{lines(b.Id+100, 1, a.Id, 2), errx.OutOfStock, "not enough stock of product 1"},
		{lines(b.Id+100, 1, b.Id, 1, a.Id, 1), errx.NotFound, "product 102 not found"},
		{lines(b.Id, 11, b.Id+100, 1), errx.OutOfStock, "not enough stock of product 2"},
	} {
		var e *errx.Error
		order++
		refused(t, s, "Reserve", order, func() error {
			err := reserve(s, order, c.lines)
			e, _ = errx.From(err)
			return err
		}, c.code)
		if e.Message != c.want {
			t.Errorf("Reserve %v: %q, want %q", c.lines, e.Message, c.want)
		}
	}
}

// The model's answers: reserved is true only for the Reserve that took the
// stock, and the function's refusals come back as the model's errors.
func TestReservationsModelReserve(t *testing.T) {
	s := newService(t)
	a := createProduct(t, s, nil, "A", 100, 5)
	b := createProduct(t, s, nil, "B", 100, 5)
	m := s.Reservations
	both := []model.ReserveLine{{ProductID: b.Id, Quantity: 2}, {ProductID: a.Id, Quantity: 1}}

	if reserved, err := m.Reserve(bg, 1, both); err != nil || !reserved {
		t.Fatalf("first Reserve = %v, %v; want true, nil", reserved, err)
	}
	if reserved, err := m.Reserve(bg, 1, both); err != nil || reserved {
		t.Fatalf("second Reserve = %v, %v; want false, nil", reserved, err)
	}
	// Reserved before: nothing is checked or taken again, even if the lines differ.
	if reserved, err := m.Reserve(bg, 1, []model.ReserveLine{{ProductID: a.Id, Quantity: 100}}); err != nil || reserved {
		t.Fatalf("Reserve of a reserved order with other lines = %v, %v; want false, nil", reserved, err)
	}
	if sa, sb := stock(t, s, a.Id), stock(t, s, b.Id); sa != 4 || sb != 3 {
		t.Fatalf("stock = %d, %d; want 4, 3", sa, sb)
	}

	var product *model.ProductError
	_, err := m.Reserve(bg, 2, []model.ReserveLine{{ProductID: a.Id, Quantity: 5}})
	if !errors.As(err, &product) || product.ProductID != a.Id || !errors.Is(err, model.ErrOutOfStock) {
		t.Errorf("short stock: %v, want a ProductError of product %d with ErrOutOfStock", err, a.Id)
	}
	_, err = m.Reserve(bg, 4, []model.ReserveLine{{ProductID: 77, Quantity: 1}})
	if !errors.As(err, &product) || product.ProductID != 77 || !errors.Is(err, model.ErrNotFound) {
		t.Errorf("unknown product: %v, want a ProductError of product 77 with ErrNotFound", err)
	}
	// A refused order is fenced: its next Reserve is refused as released.
	if reserved, err := m.Reserve(bg, 2, []model.ReserveLine{{ProductID: a.Id, Quantity: 1}}); !errors.Is(err, model.ErrReleased) || reserved {
		t.Errorf("Reserve of a refused order = %v, %v; want false, ErrReleased", reserved, err)
	}
	if _, err := m.Release(bg, 3); err != nil {
		t.Fatal(err)
	}
	if reserved, err := m.Reserve(bg, 3, both); !errors.Is(err, model.ErrReleased) || reserved {
		t.Errorf("Reserve of a released order = %v, %v; want false, ErrReleased", reserved, err)
	}
	if st := status(t, s, 2); st != "RELEASED" {
		t.Errorf("the refused order 2 ends %q, want fenced (RELEASED)", st)
	}
}

// The breaker sees the driver's error, not the model's: it must count
// Postgres being down only, never an answer the database gave (the
// function's refusals, a violated constraint, a misuse of the function).
func TestReserveRefusalsAreNotFailuresToTheBreaker(t *testing.T) {
	s := newService(t)
	a := createProduct(t, s, nil, "A", 100, 1)
	if _, err := s.Reservations.Release(bg, 3); err != nil {
		t.Fatal(err)
	}
	call := func(orderID int64, ids, quantities []int64) error {
		var reserved bool
		return s.DB.QueryRowCtx(bg, &reserved, "select reserve($1, $2, $3)", orderID, ids, quantities)
	}
	for what, err := range map[string]error{
		"short stock":         call(1, []int64{a.Id}, []int64{2}),
		"unknown product":     call(2, []int64{99}, []int64{1}),
		"released order":      call(3, []int64{a.Id}, []int64{1}),
		"misuse":              call(4, []int64{a.Id}, []int64{1, 2}),
		"violated constraint": call(4, []int64{a.Id}, []int64{-1}),
	} {
		if err == nil || errx.DependencyDown(err) {
			t.Errorf("%s: %v counts as Postgres being down", what, err)
		}
	}

	// A burst of refusals, far past what opens go-zero's breaker when it
	// counts failures, then an order that must still go through.
	for i := range 300 {
		var err error
		var want errx.Code
		switch i % 3 {
		case 0:
			err, want = reserve(s, int64(100+i), lines(a.Id, 2)), errx.OutOfStock
		case 1:
			err, want = reserve(s, int64(100+i), lines(99, 1)), errx.NotFound
		default:
			err, want = reserve(s, 3, lines(a.Id, 1)), errx.Conflict
		}
		wantCode(t, "refused Reserve", err, want)
	}
	if err := reserve(s, 1000, lines(a.Id, 1)); err != nil {
		t.Fatalf("Reserve after a burst of refusals: %v", err)
	}
}
