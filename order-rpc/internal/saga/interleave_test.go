package saga

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zeromicro/go-zero/core/discov"
	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/stores/cache"
	"github.com/zeromicro/go-zero/core/stores/postgres"
	"github.com/zeromicro/go-zero/core/stores/redis"
	"github.com/zeromicro/go-zero/core/stores/sqlx"
	"github.com/zeromicro/go-zero/zrpc"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/zsuite/common/cachex"
	"github.com/zsuite/inventory-rpc/inventory"
	"github.com/zsuite/order-rpc/internal/model"
	"github.com/zsuite/order-rpc/migrations"
	"github.com/zsuite/testkit"
	"github.com/zsuite/testkit/stack"
)

func TestMain(m *testing.M) {
	logx.Disable() // the saga logs every retry; the failures say what happened
	os.Exit(m.Run())
}

// TestEveryInterleavingOfTwoActors runs every pair of actors on one order —
// the client's create, its retry, a cancel, the recovery loop on two
// replicas — through every interleaving of their steps, with every outcome of
// their Reserve calls (answered, lost before inventory-rpc saw it, lost after
// it reserved). The order store and inventory-rpc are real; only the order of
// the steps is chosen by the test. After each interleaving the order is driven
// to a final status and the books are checked: a CONFIRMED order holds its
// reservation, any other holds none, and the product's stock is what the
// confirmed orders left.
func TestEveryInterleavingOfTwoActors(t *testing.T) {
	w := newWorld(t)
	kinds := []actorKind{
		{"create", settleActor, reserveAnswered},
		{"create-lost", settleActor, reserveLostBefore},
		{"create-lost-after", settleActor, reserveLostAfter},
		{"recovery", recoveryActor, reserveAnswered},
		{"recovery-lost-after", recoveryActor, reserveLostAfter},
		{"cancel", cancelActor, reserveAnswered},
	}
	type pair struct {
		start string
		kinds []actorKind
	}
	var pairs []pair
	for i, a := range kinds {
		for _, b := range kinds[i:] {
			pairs = append(pairs, pair{Pending, []actorKind{a, b}})
		}
	}
	// A confirmed order, and a retry or a create that read it while it was
	// still PENDING, with a cancel beside them.
	stale := []actorKind{
		{"stale-create", staleSettleActor, reserveAnswered},
		{"stale-create-lost", staleSettleActor, reserveLostBefore},
		{"stale-create-lost-after", staleSettleActor, reserveLostAfter},
	}
	cancel := kinds[len(kinds)-1]
	for i, a := range stale {
		pairs = append(pairs, pair{Confirmed, []actorKind{a, cancel}})
		for _, b := range stale[i:] {
			pairs = append(pairs, pair{Confirmed, []actorKind{a, b}})
		}
	}
	pairs = append(pairs, pair{Confirmed, []actorKind{cancel, cancel}})
	if f := os.Getenv("PAIR"); f != "" { // PAIR=create+cancel explores one pair
		pairs = slices.DeleteFunc(pairs, func(p pair) bool { return p.kinds[0].name+"+"+p.kinds[1].name != f })
	}

	// The pairs are independent (each has a product of its own) and mostly
	// wait on Postgres and inventory-rpc: explore several at once.
	var (
		mu   sync.Mutex
		runs int
		errs []error
		next = make(chan pair)
		wg   sync.WaitGroup
	)
	for i := range 6 {
		w := &world{orders: newOrders(t, int64(i+1)*1_000_000_000), inventory: w.inventory, invDB: w.invDB}
		wg.Go(func() {
			for p := range next {
				n, err := w.explore(p.start, p.kinds)
				name := fmt.Sprintf("%s + %s on a %s order", p.kinds[0].name, p.kinds[1].name, p.start)
				mu.Lock()
				t.Logf("%s: %d interleavings", name, n)
				runs += n
				if err != nil {
					errs = append(errs, fmt.Errorf("%s: %w", name, err))
				}
				mu.Unlock()
			}
		})
	}
	for _, p := range pairs {
		next <- p
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		t.Error(err)
	}
	t.Logf("%d interleavings of %d pairs of actors checked", runs, len(pairs))
}

// The scenario the read of the saga found: the client's create reserves, its
// retry's Reserve is lost, the create confirms, and then the retry abandons.
func TestAConfirmedOrderKeepsItsStockWhenARetryAbandons(t *testing.T) {
	w := newWorld(t)
	// create: read, Reserve, PENDING -> CONFIRMED; the retry: read, Reserve
	// (lost), then whatever an abandon does. The create runs up to its
	// Reserve, the retry through its lost Reserve, then the create confirms
	// and the retry goes on.
	order := []int{0, 0, 1, 1, 0}
	p, err := w.newProduct()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.run(p, Pending, []actorKind{{"create", settleActor, reserveAnswered}, {"retry-lost", settleActor, reserveLostBefore}}, order); err != nil {
		t.Fatal(err)
	}
}

type world struct {
	orders    model.OrdersModel
	inventory inventory.Inventory
	invDB     sqlx.SqlConn
}

// product is one product and what the orders of one exploration took of it.
type product struct {
	id        int64
	initial   int64
	confirmed int64
}

const initialStock = 1_000_000

func (w *world) newProduct() (*product, error) {
	p, err := w.inventory.CreateProduct(context.Background(), &inventory.CreateProductReq{Name: "interleaved", PriceCents: 100, Stock: initialStock})
	if err != nil {
		return nil, err
	}
	return &product{id: p.Product.Id, initial: initialStock}, nil
}

// newOrders is an order store of its own: the recovery loop claims every due
// order of its database, so concurrent explorations each need one. Its order
// ids start at first: inventory-rpc, which they share, keys reservations by
// order id.
func newOrders(t *testing.T, first int64) model.OrdersModel {
	t.Helper()
	db := postgres.New(testkit.NewDatabase(t, "order-rpc", migrations.FS))
	if _, err := db.Exec(fmt.Sprintf("alter sequence orders_id_seq restart with %d", first)); err != nil {
		t.Fatal(err)
	}
	return model.NewOrdersModel(db, cachex.New(cache.CacheConf{{RedisConf: redis.RedisConf{Host: testkit.NewRedis(t), Type: redis.NodeType}, Weight: 100}}))
}

func newWorld(t *testing.T) *world {
	t.Helper()

	// A real inventory-rpc, registered in etcd under the test's own prefix.
	svc := testkit.Service(t, "inventory-rpc")
	bins := t.TempDir()
	if err := stack.Build(bins, stack.Topology{svc}); err != nil {
		t.Fatal(err)
	}
	hosts, prefix := testkit.Etcd(t)
	invDSN := testkit.NewDatabase(t, svc.Name, nil)
	run := &stack.Run{Services: stack.Topology{svc}, BinDir: bins, LogDir: t.TempDir(), ReadyTimeout: 60 * time.Second,
		Env: map[string]map[string]string{svc.Name: {
			"MODE": "test", "ETCD_HOSTS": hosts[0], "ETCD_KEY_PREFIX": prefix, "LOG_LEVEL": "error",
			"CPU_THRESHOLD": "0", "REDIS_ADDR": testkit.NewRedis(t), "DATABASE_URL": invDSN, "LOCAL_CACHE": "false",
		}}}
	t.Cleanup(run.Stop)
	if err := run.Start(); err != nil {
		t.Fatal(err)
	}
	inv := inventory.NewInventory(zrpc.MustNewClient(zrpc.RpcClientConf{
		Etcd: discov.EtcdConf{Hosts: hosts, Key: prefix + "inventory.rpc"}, Timeout: 5000,
	}))
	return &world{orders: newOrders(t, 1), inventory: inv, invDB: postgres.New(invDSN)}
}

// explore runs every interleaving of the actors' steps on orders of a
// product of its own, and returns how many, and the first violation.
func (w *world) explore(start string, kinds []actorKind) (int, error) {
	p, err := w.newProduct()
	if err != nil {
		return 0, err
	}
	todo := [][]int{{}}
	runs := 0
	for len(todo) > 0 {
		prefix := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		tr, err := w.run(p, start, kinds, prefix)
		runs++
		if err != nil {
			return runs, err
		}
		// Past the prefix the lowest ready actor was taken: branch to each other.
		for i := len(prefix); i < len(tr); i++ {
			for _, alt := range tr[i].ready {
				if alt != tr[i].chosen {
					todo = append(todo, append(choicesOf(tr[:i]), alt))
				}
			}
		}
	}
	return runs, nil
}

func choicesOf(tr []step) []int {
	out := make([]int, len(tr))
	for i, s := range tr {
		out[i] = s.chosen
	}
	return out
}

// step is one scheduling decision: who was ready, who went, and what it did.
type step struct {
	ready  []int
	chosen int
	what   string
}

type event struct {
	actor int
	what  string // "" when the actor finished
	res   string
}

// run places a fresh PENDING order of product p (CONFIRMED when start says
// so), runs the actors, taking at
// each step the actor schedule names (then the lowest ready one), settles the
// order and checks the books. It returns the steps taken.
func (w *world) run(p *product, start string, kinds []actorKind, schedule []int) ([]step, error) {
	ctx := context.Background()
	o := &model.Orders{UserId: 1, IdempotencyKey: "k" + stack.RandomHex(8), RequestHash: "h", Status: Pending,
		TotalCents: 100 * orderQty, NextAttemptAt: time.Now().Add(-time.Second)}
	if err := w.orders.Create(ctx, o, []*model.OrderLines{{ProductId: p.id, Name: "p", PriceCents: 100, Quantity: orderQty}}); err != nil {
		return nil, err
	}
	placed := *o
	if start == Confirmed { // placed and confirmed before the actors come
		if _, err := w.inventory.Reserve(ctx, &inventory.ReserveReq{OrderId: o.Id,
			Lines: []*inventory.ReserveLine{{ProductId: p.id, Quantity: orderQty}}}); err != nil {
			return nil, err
		}
		if _, err := w.orders.Transition(ctx, o.Id, Pending, Confirmed, ""); err != nil {
			return nil, err
		}
	}
	// Every unknown outcome is old enough to abandon; a lease of 0 ends at
	// once, so two recovery passes both hold the order, as after a lease ran
	// out or was rewritten.
	conf := Config{CallTimeout: 5 * time.Second, PendingTimeout: 0, Grace: 0, RecoveryBatch: 10, Lease: 0}

	events := make(chan event)
	gos := make([]chan struct{}, len(kinds))
	results := make([]string, len(kinds))
	for i, k := range kinds {
		gos[i] = make(chan struct{})
		h := &hooks{actor: i, events: events, proceed: gos[i]}
		s := New(conf, &hookedOrders{OrdersModel: w.orders, h: h}, &hookedInventory{Inventory: w.inventory, h: h, mode: k.reserve})
		go func() {
			err := k.act(ctx, s, &placed)
			events <- event{actor: i, res: fmt.Sprint(err)}
		}()
	}
	var trace []step
	ready := map[int]string{}
	wait := func() error {
		select {
		case ev := <-events:
			if ev.what == "" {
				results[ev.actor] = ev.res
			} else {
				ready[ev.actor] = ev.what
			}
			return nil
		case <-time.After(30 * time.Second):
			// The actors stay blocked; the test fails and ends with them.
			return fmt.Errorf("an actor neither reached a step nor finished in 30 s; steps so far: %s", describe(kinds, trace))
		}
	}
	for range kinds {
		if err := wait(); err != nil {
			return trace, err
		}
	}
	for len(ready) > 0 {
		ids := make([]int, 0, len(ready))
		for id := range ready {
			ids = append(ids, id)
		}
		sort.Ints(ids)
		chosen := ids[0]
		if i := len(trace); i < len(schedule) {
			if !slices.Contains(ids, schedule[i]) {
				return trace, fmt.Errorf("step %d: actor %d is not ready (ready: %v); schedule %v, steps so far: %s; results %q", i, schedule[i], ids, schedule, describe(kinds, trace), results)
			}
			chosen = schedule[i]
		}
		trace = append(trace, step{ready: ids, chosen: chosen, what: ready[chosen]})
		delete(ready, chosen)
		gos[chosen] <- struct{}{}
		if err := wait(); err != nil {
			return trace, err
		}
	}

	final, err := w.finish(o.Id)
	if err == nil {
		err = w.check(p, o.Id, final)
	}
	if err != nil {
		return trace, fmt.Errorf("%w; history: %s -> %s", err, describe(kinds, trace), strings.Join(results, "; "))
	}
	return trace, nil
}

const orderQty = 3

func describe(kinds []actorKind, trace []step) string {
	parts := make([]string, len(trace))
	for i, s := range trace {
		parts[i] = kinds[s.chosen].name + ":" + s.what
	}
	return strings.Join(parts, ", ")
}

// finish drives the order to a final status, as later passes of the recovery
// loop would with inventory-rpc answering.
func (w *world) finish(id int64) (string, error) {
	ctx := context.Background()
	s := New(Config{CallTimeout: 5 * time.Second, PendingTimeout: time.Hour, RecoveryBatch: 10, Lease: time.Millisecond}, w.orders, w.inventory)
	var last error
	for range 10 {
		o, err := w.orders.FindOne(ctx, id)
		if err != nil {
			return "", err
		}
		switch o.Status {
		case Confirmed, Rejected, Cancelled:
			return o.Status, nil
		case Cancelling:
			_, last = s.finishCancel(ctx, id)
		default:
			lines, err := w.orders.Lines(ctx, []int64{id})
			if err != nil {
				return "", err
			}
			_, last = s.Settle(ctx, o, lines[id])
		}
	}
	return "", fmt.Errorf("order %d was not settled after 10 passes: %v", id, last)
}

// check holds the books: a CONFIRMED order has its reservation, any other
// final order none, and the stock is what the confirmed orders took.
func (w *world) check(p *product, id int64, final string) error {
	ctx := context.Background()
	var reserved int64
	if err := w.invDB.QueryRowCtx(ctx, &reserved, `select count(*) from reservations where order_id = $1 and status = 'RESERVED'`, id); err != nil {
		return err
	}
	if final == Confirmed {
		p.confirmed++
	}
	var stock int64
	if err := w.invDB.QueryRowCtx(ctx, &stock, `select stock from products where id = $1`, p.id); err != nil {
		return err
	}
	switch {
	case final == Confirmed && reserved != 1:
		return fmt.Errorf("order %d is CONFIRMED without its reservation", id)
	case final != Confirmed && reserved != 0:
		return fmt.Errorf("order %d is %s and still holds its reservation", id, final)
	case stock != p.initial-orderQty*p.confirmed:
		return fmt.Errorf("after order %d (%s) the stock is %d, want %d", id, final, stock, p.initial-orderQty*p.confirmed)
	}
	return nil
}

// An actor does one thing to the order, as a client or a replica would.
type actorKind struct {
	name    string
	act     func(ctx context.Context, s *Saga, o *model.Orders) error
	reserve reserveMode
}

// settleActor is the client's create or retry: it reads the order and settles it.
func settleActor(ctx context.Context, s *Saga, placed *model.Orders) error {
	o, err := s.orders.FindOne(ctx, placed.Id)
	if err != nil {
		return err
	}
	return staleSettleActor(ctx, s, o)
}

// staleSettleActor settles the order as it was placed (PENDING): a retry that
// read it just before another actor moved it.
func staleSettleActor(ctx context.Context, s *Saga, placed *model.Orders) error {
	lines, err := s.orders.Lines(ctx, []int64{placed.Id})
	if err != nil {
		return err
	}
	_, err = s.Settle(ctx, placed, lines[placed.Id])
	return err
}

// recoveryActor is one pass of a replica's recovery loop.
func recoveryActor(ctx context.Context, s *Saga, _ *model.Orders) error {
	NewRecovery(s).Pass(ctx)
	return nil
}

// cancelActor is the client's cancel.
func cancelActor(ctx context.Context, s *Saga, placed *model.Orders) error {
	o, err := s.orders.FindOne(ctx, placed.Id)
	if err != nil {
		return err
	}
	_, err = s.Cancel(ctx, o)
	return err
}

// hooks stop an actor before each step that reads or moves the order or
// touches the stock, until the scheduler lets it go.
type hooks struct {
	actor   int
	events  chan<- event
	proceed <-chan struct{}
}

func (h *hooks) at(what string) {
	h.events <- event{actor: h.actor, what: what}
	<-h.proceed
}

type hookedOrders struct {
	model.OrdersModel
	h *hooks
}

func (m *hookedOrders) FindOne(ctx context.Context, id int64) (*model.Orders, error) {
	m.h.at("read")
	return m.OrdersModel.FindOne(ctx, id)
}

func (m *hookedOrders) Transition(ctx context.Context, id int64, from, to, code string) (bool, error) {
	m.h.at(from + "->" + to)
	return m.OrdersModel.Transition(ctx, id, from, to, code)
}

func (m *hookedOrders) ClaimDue(ctx context.Context, limit int, lease time.Duration) ([]*model.Orders, error) {
	m.h.at("claim")
	return m.OrdersModel.ClaimDue(ctx, limit, lease)
}

func (m *hookedOrders) Reschedule(ctx context.Context, id int64, at time.Time) error {
	m.h.at("reschedule")
	return m.OrdersModel.Reschedule(ctx, id, at)
}

type reserveMode int

const (
	reserveAnswered   reserveMode = iota
	reserveLostBefore             // never reached inventory-rpc
	reserveLostAfter              // reserved, but the answer was lost
)

type hookedInventory struct {
	inventory.Inventory
	h    *hooks
	mode reserveMode
}

func (i *hookedInventory) Reserve(ctx context.Context, in *inventory.ReserveReq, opts ...grpc.CallOption) (*inventory.ReserveResp, error) {
	i.h.at("reserve")
	switch i.mode {
	case reserveLostBefore:
		return nil, status.Error(codes.Unavailable, "injected: the call never arrived")
	case reserveLostAfter:
		if _, err := i.Inventory.Reserve(ctx, in, opts...); err != nil {
			return nil, err
		}
		return nil, status.Error(codes.DeadlineExceeded, "injected: the answer was lost")
	}
	return i.Inventory.Reserve(ctx, in, opts...)
}

func (i *hookedInventory) Release(ctx context.Context, in *inventory.ReleaseReq, opts ...grpc.CallOption) (*inventory.ReleaseResp, error) {
	i.h.at("release")
	return i.Inventory.Release(ctx, in, opts...)
}
