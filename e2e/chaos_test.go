//go:build chaos

// The chaos run is not part of make test: it is a long, seeded run of its
// own (make chaos, which builds with -tags chaos), run by .ci/run beside it.

package e2e

import (
	"context"
	crand "crypto/rand"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/zsuite/e2e/chaos"
	"github.com/zsuite/testkit"
	"github.com/zsuite/testkit/stack"
)

// The chaos run's settings of order-rpc's saga: an order is abandoned after
// chaosPendingTimeout (1 min in production), so that the outages a run
// injects outlast it and abandons race with retries and confirmations; the
// recovery loop looks every 200 ms and leaves a new order 300 ms to its
// request; a call to inventory-rpc is given 1 s (2 s in production), so that
// latency on its path makes outcomes unknown. docs/operations.md, "Chaos".
const (
	chaosPendingTimeout = 2 * time.Second
	chaosCallTimeout    = time.Second
	chaosCustomers      = 6
	chaosProducts       = 4
	chaosInitialStock   = 300
	// chaosSettleWait bounds the wait, after the faults and the recovery
	// bound, for order-rpc to settle every order.
	chaosSettleWait = chaosPendingTimeout + 60*time.Second
	// chaosFinalWait bounds each client's retries of what it was left not
	// knowing once the faults are over.
	chaosFinalWait = 90 * time.Second
)

// TestChaos is `make chaos`: the whole suite, with two replicas of user-api,
// order-rpc and inventory-rpc, each service over a Postgres and a Redis of
// its own behind toxiproxy and a private etcd, driven by customers who
// place, retry (with their Idempotency-Key, after Retry-After), cancel and
// read orders and an admin who restocks, while faults drawn from the seed
// hit it: kill -9 of any replica or of a whole service, Postgres, Redis and
// etcd restarts, latency, timeouts and partitions between any service and
// its stores. When the run's time is up the faults are healed, the recovery
// bound passes, clients resolve what they were left not knowing, order-rpc
// settles every order, and chaos.Check proves the invariants over the whole
// history. On a violation it prints the seed and the history of the orders
// that show it.
//
// CHAOS_DURATION (e.g. 3m) runs it; CHAOS_SEED replays a seed's schedule
// (a fresh one otherwise); CHAOS_FAULTS=3,7 keeps only those faults of it.
func TestChaos(t *testing.T) {
	durText := os.Getenv("CHAOS_DURATION")
	if durText == "" {
		durText = "3m" // make chaos's default
	}
	duration, err := time.ParseDuration(durText)
	if err != nil || duration < 10*time.Second {
		t.Fatalf("CHAOS_DURATION=%q: want a duration of 10s or more, e.g. 3m", durText)
	}
	seed := freshSeed()
	if v := os.Getenv("CHAOS_SEED"); v != "" {
		if seed, err = strconv.ParseUint(v, 10, 64); err != nil {
			t.Fatalf("CHAOS_SEED=%q: want an unsigned integer", v)
		}
	}
	replay := fmt.Sprintf("make chaos SEED=%d DURATION=%v", seed, duration)
	fmt.Printf("chaos: seed %d, duration %v (%s replays this schedule)\n", seed, duration, replay)
	t.Cleanup(func() {
		if t.Failed() {
			fmt.Printf("chaos: FAILED with seed %d: %s\n", seed, replay)
		}
	})

	began := time.Now()
	phase := func(what string) {
		fmt.Printf("chaos: %s (%v in)\n", what, time.Since(began).Round(100*time.Millisecond))
	}
	run := startChaos(t)
	phase("the stack is up; faults and clients begin")
	schedule, err := chaos.Only(chaos.Schedule(seed, duration, run.top), os.Getenv("CHAOS_FAULTS"))
	if err != nil {
		t.Fatal(err)
	}
	h := &chaos.History{Seed: seed, Duration: duration, Start: time.Now()}

	ctx, stop := context.WithTimeout(context.Background(), duration)
	defer stop()
	var clients sync.WaitGroup
	customers := make([]*chaosClient, len(run.tokens))
	for i, token := range run.tokens {
		c := run.newClient(h, seed, i+1, token)
		customers[i] = c
		clients.Go(func() { c.shop(ctx) })
	}
	admin := run.newClient(h, seed, 0, run.admin)
	clients.Go(func() { admin.restock(ctx, run.products) })

	run.inject(t, h, schedule)
	<-ctx.Done()
	clients.Wait()
	// The recovery bound (docs/operations.md): no failure 5 s after the end
	// of an outage.
	phase("faults healed, clients stopped; the recovery bound passes")
	time.Sleep(lastFailureBound)

	final, cancel := context.WithTimeout(context.Background(), chaosFinalWait)
	defer cancel()
	for _, c := range customers {
		clients.Go(func() { c.resolve(final) })
	}
	clients.Wait()
	phase("clients resolved what they did not know; waiting for order-rpc to settle every order")
	run.waitSettled(t)
	st := run.state(t)
	phase("checking")

	violations := chaos.Check(h, st)
	fmt.Printf("chaos: seed %d, duration %v\n%s\nviolations: %d\n", seed, duration, h.Figures(), len(violations))
	if len(violations) > 0 {
		var faults []string
		for _, n := range chaos.FaultsNear(h, st, violations, chaosPendingTimeout) {
			faults = append(faults, strconv.Itoa(n))
		}
		t.Errorf("seed %d: %d invariants broken (%s replays the run; %s FAULTS=%s only the faults around the violations):%s",
			seed, len(violations), replay, replay, strings.Join(faults, ","),
			chaos.Explain(h, st, violations, chaosPendingTimeout, run.logsOf))
	}
}

// chaosRun is the stack under a chaos run and what acts on it.
type chaosRun struct {
	s        *testkit.Suite
	top      chaos.Topology
	tp       *testkit.Toxiproxy
	etcd     *testkit.EtcdServer
	pg       map[string]*testkit.PostgresServer
	redis    map[string]*testkit.RedisServer
	procs    map[string]*testkit.Proc
	admin    string
	tokens   []string
	products []int64
	initial  map[int64]int64
	// restarts are the replicas being started again after a kill.
	restarts sync.WaitGroup
}

func startChaos(t *testing.T) *chaosRun {
	t.Helper()
	r := &chaosRun{pg: map[string]*testkit.PostgresServer{}, redis: map[string]*testkit.RedisServer{}, procs: map[string]*testkit.Proc{}}
	r.etcd = testkit.StartEtcd(t)
	r.tp = testkit.NewToxiproxy(t)
	opts := append(probeLimits(),
		testkit.WithEtcd(r.etcd),
		testkit.WithEnv("order-rpc", "SAGA_GRACE", "300ms"),
		testkit.WithEnv("order-rpc", "SAGA_CALL_TIMEOUT", chaosCallTimeout.String()),
		testkit.WithEnv("order-rpc", "SAGA_PENDING_TIMEOUT", chaosPendingTimeout.String()),
		testkit.WithEnv("order-rpc", "SAGA_RECOVERY_INTERVAL", "200ms"),
		// The saga says what it does with an order at info level: the
		// history of a violation quotes it.
		testkit.WithEnv("order-rpc", "LOG_LEVEL", "info"),
		testkit.WithReplicas("user-api", 2),
		testkit.WithReplicas("order-rpc", 2),
		testkit.WithReplicas("inventory-rpc", 2),
	)
	var links []testkit.SuiteOption
	r.top = chaos.Topology{Replicas: map[string][]string{}, PendingTimeout: chaosPendingTimeout, CallTimeout: chaosCallTimeout}
	for _, svc := range testkit.Topology(t) {
		r.redis[svc.Name] = testkit.NewRedisServer(t)
		opts = append(opts, testkit.WithRedis(svc.Name, r.redis[svc.Name]))
		r.top.Redis = append(r.top.Redis, svc.Name)
		if svc.Postgres() {
			r.pg[svc.Name] = testkit.NewPostgresServer(t)
			opts = append(opts, testkit.WithPostgres(svc.Name, r.pg[svc.Name]))
			links = append(links, r.tp.Between(svc.Name, testkit.StorePostgres))
			r.top.Postgres = append(r.top.Postgres, svc.Name)
			r.top.Links = append(r.top.Links, svc.Name+"/postgres")
		}
		links = append(links, r.tp.Between(svc.Name, testkit.StoreRedis))
		r.top.Links = append(r.top.Links, svc.Name+"/redis")
	}
	// The callers of inventory-rpc (order-rpc's saga, user-api's catalogue)
	// and of user-rpc reach each replica through a proxy too.
	for _, svc := range []string{"inventory-rpc", "user-rpc"} {
		links = append(links, r.tp.InFrontOf(svc))
		r.top.Links = append(r.top.Links, svc+"/peer")
	}
	// After WithPostgres, WithRedis and WithEtcd: the proxies stand in front of those.
	r.s = testkit.StartSuite(t, append(opts, links...)...)
	for _, svc := range testkit.Topology(t) {
		for _, p := range r.s.Replicas(svc.Name) {
			r.procs[p.Name] = p
			r.top.Replicas[svc.Name] = append(r.top.Replicas[svc.Name], p.Name)
		}
	}

	r.admin = login(t, r.s, "admin", "admin12345")
	r.initial = map[int64]int64{}
	for i := range chaosProducts {
		p := createProduct(t, r.s, r.admin, fmt.Sprintf("Chaos %d", i), 100+int64(i), chaosInitialStock)
		r.products = append(r.products, p.ID)
		r.initial[p.ID] = p.Stock
	}
	for i := range chaosCustomers {
		_, token := newCustomer(t, r.s, fmt.Sprintf("chaos_%d", i+1))
		r.tokens = append(r.tokens, token)
	}
	return r
}

// inject runs the schedule: each fault at its time from now, healed Dur
// later, on the test's goroutine (a restarted replica is waited for on its
// own), and returns once the last is healed and every replica killed has
// been started again.
func (r *chaosRun) inject(t *testing.T, h *chaos.History, schedule []chaos.Fault) {
	t.Helper()
	type action struct {
		at   time.Duration
		heal bool
		f    *chaos.Fault
	}
	faults := make([]*chaos.Fault, len(schedule))
	var actions []action
	for i := range schedule {
		faults[i] = &schedule[i]
		actions = append(actions, action{faults[i].At, false, faults[i]}, action{faults[i].At + faults[i].Dur, true, faults[i]})
	}
	slices.SortStableFunc(actions, func(a, b action) int {
		if a.at != b.at {
			return int(a.at - b.at)
		}
		if a.heal != b.heal { // heal what ends before injecting what begins
			if a.heal {
				return -1
			}
			return 1
		}
		return 0
	})
	var notes sync.Mutex
	for _, a := range actions {
		time.Sleep(time.Until(h.Start.Add(a.at)))
		f := a.f
		if !a.heal {
			f.Began = time.Now()
			r.hit(t, f)
			continue
		}
		f.Ended = time.Now()
		r.heal(t, f, func(note string) { notes.Lock(); f.Note = note; notes.Unlock() })
	}
	r.restarts.Wait()
	for _, p := range r.procs {
		if !p.Alive() {
			if err := p.Process.Start(60 * time.Second); err != nil {
				t.Fatalf("after the faults %s does not start again: %v", p.Name, err)
			}
		}
	}
	for _, f := range faults {
		h.Injected(*f)
	}
}

func (r *chaosRun) link(t *testing.T, target string) *testkit.Link {
	t.Helper()
	svc, store, _ := strings.Cut(target, "/")
	return r.tp.Link(svc, testkit.Store(store))
}

// hit injects f.
func (r *chaosRun) hit(t *testing.T, f *chaos.Fault) {
	t.Helper()
	switch f.Kind {
	case chaos.Kill:
		r.procs[f.Target].Kill()
	case chaos.KillAll:
		for _, p := range r.s.Replicas(f.Target) {
			p.Kill()
		}
	case chaos.PostgresRestart:
		r.pg[f.Target].Stop(t)
	case chaos.RedisRestart:
		r.redis[f.Target].Stop()
	case chaos.EtcdRestart:
		r.etcd.Stop()
	case chaos.Latency:
		r.link(t, f.Target).Jitter(t, f.Param, f.Jitter)
	case chaos.Timeout:
		r.link(t, f.Target).Timeout(t, f.Param)
	case chaos.Partition:
		r.link(t, f.Target).Partition(t)
	default:
		t.Fatalf("chaos: no way to inject %s", f)
	}
}

// heal ends f; a replica killed is started again on a goroutine of its own
// (it waits for its stores and etcd to be ready), and note hears when it
// does not come back.
func (r *chaosRun) heal(t *testing.T, f *chaos.Fault, note func(string)) {
	t.Helper()
	restart := func(p *testkit.Proc) {
		r.restarts.Go(func() {
			start := time.Now()
			if err := p.Process.Start(60 * time.Second); err != nil {
				note(fmt.Sprintf("%s not ready: %v", p.Name, firstLine(err.Error())))
				return
			}
			note(fmt.Sprintf("ready %v after the restart", time.Since(start).Round(10*time.Millisecond)))
		})
	}
	switch f.Kind {
	case chaos.Kill:
		restart(r.procs[f.Target])
	case chaos.KillAll:
		for _, p := range r.s.Replicas(f.Target) {
			restart(p)
		}
	case chaos.PostgresRestart:
		r.pg[f.Target].Start(t)
	case chaos.RedisRestart:
		r.redis[f.Target].Start(t)
	case chaos.EtcdRestart:
		r.etcd.Start(t)
	default:
		r.link(t, f.Target).Heal(t)
	}
}

// logsOf is what order-rpc's replicas logged about an order.
func (r *chaosRun) logsOf(id int64) []string {
	var out []string
	for _, p := range r.s.Replicas("order-rpc") {
		for _, l := range strings.Split(p.Log(), "\n") {
			if strings.Contains(l, fmt.Sprintf("order %d:", id)) || strings.Contains(l, fmt.Sprintf("order %d (", id)) {
				out = append(out, p.Name+": "+l)
			}
		}
	}
	return out[:min(len(out), 30)]
}

// waitSettled waits until order-rpc has settled every order (none PENDING,
// ABANDONING or CANCELLING) or chaosSettleWait passed; Check reports any left.
func (r *chaosRun) waitSettled(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), chaosSettleWait+10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, r.s.DSN["order-rpc"])
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	deadline := time.Now().Add(chaosSettleWait)
	for time.Now().Before(deadline) {
		var n int64
		if err := conn.QueryRow(ctx, `SELECT count(*) FROM orders WHERE status IN ('PENDING', 'ABANDONING', 'CANCELLING')`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// state reads what order-rpc's and inventory-rpc's databases hold.
func (r *chaosRun) state(t *testing.T) chaos.State {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	query := func(dsn, q string, scan func(pgx.Rows) error) {
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(context.WithoutCancel(ctx))
		rows, err := conn.Query(ctx, q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				t.Fatal(err)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	st := chaos.State{Orders: map[int64]chaos.Order{}, Reservations: map[int64]chaos.Reservation{},
		Stock: map[int64]int64{}, Initial: r.initial}
	orders, inventory := r.s.DSN["order-rpc"], r.s.DSN["inventory-rpc"]
	query(orders, `SELECT id, idempotency_key, status FROM orders`, func(rows pgx.Rows) error {
		var o chaos.Order
		o.Lines = map[int64]int64{}
		err := rows.Scan(&o.ID, &o.Key, &o.Status)
		st.Orders[o.ID] = o
		return err
	})
	query(orders, `SELECT order_id, product_id, quantity FROM order_lines`, func(rows pgx.Rows) error {
		var id, p, q int64
		err := rows.Scan(&id, &p, &q)
		if o, ok := st.Orders[id]; ok {
			o.Lines[p] += q
		}
		return err
	})
	query(inventory, `SELECT order_id, status FROM reservations`, func(rows pgx.Rows) error {
		var res chaos.Reservation
		res.Lines = map[int64]int64{}
		err := rows.Scan(&res.Order, &res.Status)
		st.Reservations[res.Order] = res
		return err
	})
	query(inventory, `SELECT order_id, product_id, quantity FROM reservation_lines`, func(rows pgx.Rows) error {
		var id, p, q int64
		err := rows.Scan(&id, &p, &q)
		if res, ok := st.Reservations[id]; ok {
			res.Lines[p] += q
		}
		return err
	})
	query(inventory, `SELECT id, stock FROM products`, func(rows pgx.Rows) error {
		var id, n int64
		err := rows.Scan(&id, &n)
		st.Stock[id] = n
		return err
	})
	return st
}

// chaosClient is one customer (or the admin, number 0) of a chaos run. Its
// choices come from the seed (rng): which operation, which products, which
// order to cancel; the replica it sends each attempt to and the pauses
// between retries come from pick, so that how many retries an outage takes
// does not change what it does next.
type chaosClient struct {
	n        int
	token    string
	h        *chaos.History
	rng      *rand.Rand
	pick     *rand.Rand
	api      []*stack.Client
	contract error // what the exchange under way broke of the API document
	products []int64

	seq       int
	orders    []int64 // every order it was answered with
	confirmed []int64 // those it last saw CONFIRMED
	// unsettled are the operations whose outcome it does not know yet.
	unsettled []chaos.Op
}

func (r *chaosRun) newClient(h *chaos.History, seed uint64, n int, token string) *chaosClient {
	c := &chaosClient{n: n, token: token, h: h, products: r.products,
		rng:  rand.New(rand.NewPCG(seed, uint64(n)+1)),
		pick: rand.New(rand.NewPCG(seed^0x5eed, uint64(n)+1))}
	httpc := &http.Client{Timeout: probeTimeout}
	for i := range r.s.BaseURLs {
		api := r.s.Client(i, func(err error) { c.contract = err })
		api.HTTP = httpc
		c.api = append(c.api, api)
	}
	return c
}

// shop places, cancels and reads orders until ctx ends.
func (c *chaosClient) shop(ctx context.Context) {
	for ctx.Err() == nil {
		pause := time.Duration(50+c.rng.IntN(250)) * time.Millisecond
		switch w := c.rng.IntN(100); {
		case w < 65:
			c.seq++
			n := 1 + c.rng.IntN(3)
			var items []chaos.Item
			for _, i := range c.rng.Perm(len(c.products))[:n] {
				items = append(items, chaos.Item{ProductID: c.products[i], Quantity: 1 + c.rng.Int64N(3)})
			}
			c.settle(ctx, chaos.Op{Kind: chaos.Place, Key: fmt.Sprintf("c%d-%d", c.n, c.seq), Items: items}, false)
		case w < 85:
			i := c.rng.IntN(1000)
			if len(c.confirmed) > 0 {
				c.settle(ctx, chaos.Op{Kind: chaos.Cancel, Order: c.confirmed[i%len(c.confirmed)]}, false)
			}
		default:
			i := c.rng.IntN(1000)
			if len(c.orders) > 0 {
				c.send(chaos.Op{Kind: chaos.Get, Order: c.orders[i%len(c.orders)], Attempt: 1})
			}
		}
		select {
		case <-ctx.Done():
		case <-time.After(pause):
		}
	}
}

// restock adds stock to a product every second or two until ctx ends. A
// restock is not idempotent: one whose answer is lost is not retried (the
// checker counts it as maybe applied).
func (c *chaosClient) restock(ctx context.Context, products []int64) {
	for ctx.Err() == nil {
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Duration(1000+c.rng.IntN(1000)) * time.Millisecond):
		}
		c.send(chaos.Op{Kind: chaos.Restock, Product: products[c.rng.IntN(len(products))], Delta: 5 + c.rng.Int64N(26), Attempt: 1})
	}
}

// resolve retries, after the faults, every operation whose outcome the
// client was left not knowing, as the API tells it to, until it knows.
func (c *chaosClient) resolve(ctx context.Context) {
	for _, op := range c.unsettled {
		c.settle(ctx, op, true)
	}
}

// settle sends op and retries it while the answer says to (503 and 429,
// after Retry-After; no answer, at once on the other replica) until ctx
// ends; an operation left unknown waits for resolve.
func (c *chaosClient) settle(ctx context.Context, op chaos.Op, final bool) {
	op.Final = final
	for attempt := 1; ; attempt++ {
		op.Attempt = attempt
		got := c.send(op)
		if !got.Unknown() {
			return
		}
		wait := 200 * time.Millisecond
		if s, err := strconv.Atoi(got.RetryAfter); err == nil {
			wait = time.Duration(s)*time.Second + time.Duration(c.pick.IntN(200))*time.Millisecond
		}
		select {
		case <-ctx.Done():
			if !final {
				c.unsettled = append(c.unsettled, op)
			}
			return
		case <-time.After(wait):
		}
	}
}

// send sends one attempt of op, records it and learns from the answer.
func (c *chaosClient) send(op chaos.Op) chaos.Op {
	var method, path string
	var body []byte
	var headers []string
	switch op.Kind {
	case chaos.Place:
		method, path = http.MethodPost, "/v1/orders"
		body, _ = json.Marshal(map[string]any{"items": op.Items})
		headers = []string{"Idempotency-Key", op.Key}
	case chaos.Cancel:
		method, path = http.MethodPost, fmt.Sprintf("/v1/orders/%d/cancel", op.Order)
	case chaos.Get:
		method, path = http.MethodGet, fmt.Sprintf("/v1/orders/%d", op.Order)
	case chaos.Restock:
		method, path = http.MethodPost, fmt.Sprintf("/v1/admin/products/%d/stock", op.Product)
		body, _ = json.Marshal(map[string]any{"delta": op.Delta})
	}
	op.Client = c.n
	op.Replica = c.pick.IntN(len(c.api))
	c.contract = nil
	ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
	op.Sent = time.Now()
	a, err := c.api[op.Replica].Call(ctx, method, path, c.token, body, headers...)
	op.Done = time.Now()
	cancel()
	if err != nil {
		op.Err = err.Error()
	} else {
		op.Status, op.RetryAfter = a.Status, a.Header.Get("Retry-After")
		if a.Status == http.StatusOK {
			var o order
			if json.Unmarshal(a.Body, &o) == nil && op.Kind != chaos.Restock {
				op.Order, op.Seen = o.ID, o.Status
			}
		} else {
			var e errorBody
			_ = json.Unmarshal(a.Body, &e)
			op.Code, op.Message = e.Code, e.Message
		}
	}
	if c.contract != nil {
		op.Contract = c.contract.Error()
	}
	c.h.Add(op)
	if op.Status == http.StatusOK && op.Order != 0 {
		if !slices.Contains(c.orders, op.Order) {
			c.orders = append(c.orders, op.Order)
		}
		c.confirmed = slices.DeleteFunc(c.confirmed, func(id int64) bool { return id == op.Order })
		if op.Seen == "CONFIRMED" {
			c.confirmed = append(c.confirmed, op.Order)
		}
	}
	return op
}

// freshSeed is a seed for a run that was given none.
func freshSeed() uint64 {
	var b [8]byte
	_, _ = crand.Read(b[:])
	return binary.LittleEndian.Uint64(b[:]) % 1_000_000_000
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
