package logic

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/zsuite/common/errx"
	"github.com/zsuite/inventory-rpc/internal/model"
	"github.com/zsuite/inventory-rpc/internal/svc"
	"github.com/zsuite/inventory-rpc/inventorypb"
)

// unknownProduct is a product id no test creates.
const unknownProduct = 999

// orderLog is what a test saw of one order: its lines and every answer.
type orderLog struct {
	lines    []*inventorypb.ReserveLine
	mu       sync.Mutex
	reserved int // Reserves answered OK
	refused  map[errx.Code]int
	released int // Releases that returned stock
	releases int // Releases answered OK
}

func (o *orderLog) reserve(t *testing.T, s *svc.ServiceContext, id int64) {
	err := reserve(s, id, o.lines)
	o.mu.Lock()
	defer o.mu.Unlock()
	switch e, _ := errx.From(err); {
	case err == nil:
		o.reserved++
	case e != nil && (e.Code == errx.OutOfStock || e.Code == errx.NotFound || e.Code == errx.Conflict):
		o.refused[e.Code]++
	default:
		t.Errorf("reserve order %d: %v, want success or a refusal", id, err)
	}
}

func (o *orderLog) release(t *testing.T, s *svc.ServiceContext, id int64) {
	out, err := NewReleaseLogic(bg, s).Release(&inventorypb.ReleaseReq{OrderId: id})
	o.mu.Lock()
	defer o.mu.Unlock()
	if err != nil {
		t.Errorf("release order %d: %v", id, err)
		return
	}
	o.releases++
	if out.Released {
		o.released++
	}
}

// Hundreds of orders at once, as group commit batches them: one-line and
// multi-line, most on one hot product, some on others, some asking for more
// than there is, some naming no product, some retried, some released while
// or after they reserve, some released before they reserve. Every order is
// answered on its own, none is reserved in part, stock is never oversold
// nor refused while it lasted, and the books balance.
func TestGroupCommitOfManyMixedOrdersKeepsTheLedgerExact(t *testing.T) {
	s := newService(t)
	books := ledger{}
	hot := createProduct(t, s, books, "Hot", 100, 150).Id
	var others []int64
	for i := range 4 {
		others = append(others, createProduct(t, s, books, fmt.Sprintf("Other %d", i), 100, 60).Id)
	}

	// Phase 1: only Reserves (a tenth of them sent twice at once), so stock
	// only goes down and every refusal can be checked against what is left.
	const first = 400
	orders := map[int64]*orderLog{}
	rng := rand.New(rand.NewPCG(14, 1))
	newOrder := func(id int64) *orderLog {
		o := &orderLog{refused: map[errx.Code]int{}}
		other := others[rng.IntN(len(others))]
		switch k := rng.IntN(20); {
		case k < 10:
			o.lines = lines(hot, 1+rng.Int64N(3))
		case k < 14:
			o.lines = lines(other, 1+rng.Int64N(2), hot, 1+rng.Int64N(2))
		case k < 17:
			o.lines = lines(other, 1+rng.Int64N(4))
		case k < 18:
			o.lines = lines(other, 1000) // more than there will ever be
		case k < 19:
			o.lines = lines(hot, 1, unknownProduct, 1)
		default:
			o.lines = lines(others[0], 1, others[1], 1, others[2], 1, hot, 1)
		}
		orders[id] = o
		return o
	}
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range int64(first) {
		id := 10_000 + i
		o := newOrder(id)
		for range 1 + min(1, i%10/9) {
			wg.Go(func() { <-start; o.reserve(t, s, id) })
		}
	}
	close(start)
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}

	// Nothing was refused that stock allowed: with stock only going down,
	// an order refused for a product asked for more of it than is left now.
	for id, o := range orders {
		if o.reserved > 0 && len(o.refused) > 0 {
			t.Errorf("order %d was both reserved and refused: %+v", id, o)
		}
		if o.refused[errx.OutOfStock] == 0 {
			continue
		}
		fits := true
		for _, l := range o.lines {
			if l.ProductId != unknownProduct && l.Quantity > stock(t, s, l.ProductId) {
				fits = false
			}
		}
		if fits {
			t.Errorf("order %d %v was refused OUT_OF_STOCK, yet the stock left would still take it", id, o.lines)
		}
	}
	t.Logf("stock left of the hot product: %d", stock(t, s, hot))
	checkLedger(t, s, books, orders)

	// Phase 2: Releases of a third of the reserved orders, Reserves of new
	// orders, retries of old ones, and Releases racing Reserves of new orders
	// (some of those Releases come first, and their late Reserve is refused).
	start = make(chan struct{})
	for id, o := range orders {
		if id%3 == 0 {
			wg.Go(func() { <-start; o.release(t, s, id) })
		}
		if id%11 == 0 {
			wg.Go(func() { <-start; o.reserve(t, s, id) })
		}
	}
	for i := range int64(200) {
		id := 20_000 + i
		o := newOrder(id)
		wg.Go(func() { <-start; o.reserve(t, s, id) })
		if i%4 == 0 {
			wg.Go(func() { <-start; o.release(t, s, id) })
		}
	}
	close(start)
	wg.Wait()
	checkLedger(t, s, books, orders)

	var batches, reservedOrders int
	if err := s.DB.QueryRowCtx(bg, &batches, `select count(distinct created_at) from reservations r
		where exists (select 1 from reservation_lines l where l.order_id = r.order_id)`); err != nil {
		t.Fatal(err)
	}
	for _, o := range orders {
		if o.reserved > 0 {
			reservedOrders++
		}
	}
	// Orders of one batch share their transaction's start time.
	t.Logf("%d orders reserved by %d transactions", reservedOrders, batches)
	if batches >= reservedOrders {
		t.Errorf("%d orders reserved by %d transactions: no batch formed", reservedOrders, batches)
	}
}

// checkLedger checks every order's rows against its answers, and the books.
func checkLedger(t *testing.T, s *svc.ServiceContext, books ledger, orders map[int64]*orderLog) {
	t.Helper()
	var rows []struct {
		OrderID   int64 `db:"order_id"`
		ProductID int64 `db:"product_id"`
		Quantity  int64 `db:"quantity"`
	}
	if err := s.DB.QueryRowsCtx(bg, &rows, `select order_id, product_id, quantity from reservation_lines
		order by order_id, product_id`); err != nil {
		t.Fatal(err)
	}
	held := map[int64][]string{}
	for _, r := range rows {
		held[r.OrderID] = append(held[r.OrderID], fmt.Sprintf("%d×%d", r.ProductID, r.Quantity))
	}
	for id, o := range orders {
		var want []string
		if o.reserved > 0 {
			for _, l := range o.lines {
				want = append(want, fmt.Sprintf("%d×%d", l.ProductId, l.Quantity))
			}
			slices.Sort(want)
		}
		got := held[id]
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("order %d (reserved %d times, refused %v) holds %v, want %v", id, o.reserved, o.refused, got, want)
		}
		st := status(t, s, id)
		switch {
		case o.released > 1:
			t.Errorf("order %d gave its stock back %d times", id, o.released)
		case o.released == 1 && (o.reserved == 0 || st != "RELEASED"):
			t.Errorf("order %d gave stock back, but reserved %d times and ends %q", id, o.reserved, st)
		case o.reserved > 0 && o.releases > 0 && o.released == 0:
			t.Errorf("order %d reserved and was released, but no Release gave its stock back", id)
		case o.reserved > 0 && o.releases == 0 && st != "RESERVED":
			t.Errorf("order %d reserved and never released ends %q", id, st)
		case o.reserved == 0 && o.releases == 0 && o.refused[errx.OutOfStock]+o.refused[errx.NotFound] > 0 && st != "RELEASED":
			t.Errorf("order %d was refused, yet ends %q, not fenced (RELEASED)", id, st)
		case o.reserved == 0 && o.releases == 0 && o.refused[errx.OutOfStock]+o.refused[errx.NotFound] == 0 && st != "":
			t.Errorf("order %d was never reserved, refused or released, yet has a reservation %q", id, st)
		case o.reserved == 0 && o.releases > 0 && st != "RELEASED":
			t.Errorf("order %d never reserved and was released ends %q, want the RELEASED mark", id, st)
		}
		if o.refused[errx.Conflict] > 0 && o.releases == 0 && o.refused[errx.OutOfStock]+o.refused[errx.NotFound] == 0 {
			t.Errorf("order %d was refused CONFLICT, yet never released nor refused before", id)
		}
		if o.reserved > 0 && o.refused[errx.OutOfStock]+o.refused[errx.NotFound] > 0 {
			t.Errorf("order %d was both reserved and refused: its first outcome must be its only one", id)
		}
		if o.refused[errx.NotFound] > 0 && !slices.ContainsFunc(o.lines, func(l *inventorypb.ReserveLine) bool { return l.ProductId == unknownProduct }) {
			t.Errorf("order %d %v was refused NOT_FOUND", id, o.lines)
		}
	}
	checkInvariant(t, s, books)
}

// An order the batch statement would fail on (the logic refuses it before,
// but the model is callable on its own) is refused by the model alone,
// changing nothing, so that it can never fail the orders batched with it.
func TestMalformedOrdersNeverJoinABatch(t *testing.T) {
	s := newService(t)
	a := createProduct(t, s, nil, "A", 100, 10)
	before := snapshot(t, s)
	for what, l := range map[string][]model.ReserveLine{
		"no lines":      nil,
		"zero quantity": {{ProductID: a.Id, Quantity: 0}},
		"product twice": {{ProductID: a.Id, Quantity: 1}, {ProductID: a.Id, Quantity: 2}},
	} {
		if reserved, err := s.Reservations.Reserve(bg, 1, l); err == nil || reserved {
			t.Errorf("Reserve with %s = %v, %v; want an error", what, reserved, err)
		}
	}
	if after := snapshot(t, s); after != before {
		t.Fatalf("malformed Reserves changed the data:\nbefore %s\nafter  %s", before, after)
	}
}
