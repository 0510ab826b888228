package e2e

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/zsuite/testkit"
)

// The bounds every fault is held to once it has ended (issue 9, "Outages").
const (
	firstSuccessBound = 2 * time.Second
	lastFailureBound  = 5 * time.Second
)

// fault is one outage of a dependency that the suite must ride out.
type fault struct {
	name string
	// inject starts the outage; end ends it and returns once the dependency
	// is back (a restarted store accepts connections, a link is healed).
	inject, end func(t *testing.T)
	// lasts is how long the outage lasts (3 s when zero).
	lasts time.Duration
	// observe is how long the prober goes on after the end (7 s when zero:
	// beyond lastFailureBound, so that a late failure is seen).
	observe time.Duration
	// unaffected are the routes that don't need what is missing: they answer
	// 200 throughout. The others may answer 503 UNAVAILABLE while it lasts.
	unaffected []string
}

// TestFaults takes each store of each service away in turn while a prober
// sends a steady load through user-api: each service's Redis stopped and
// restarted, the order and inventory Postgres restarted, latency on and a
// partition of links between services and stores (toxiproxy). For each: no
// answer but 200 and 503 UNAVAILABLE with Retry-After, the routes that don't
// need the store keep working, on every affected route a request sent within
// firstSuccessBound of the end succeeds (and is answered within
// lastFailureBound), and none sent after lastFailureBound fails; then
// no order is left PENDING, every acknowledged order is still there and the
// stock adds up. The faults share one suite: each starts once every route
// answers again.
func TestFaults(t *testing.T) {
	tp := testkit.NewToxiproxy(t)
	redis := map[string]*testkit.RedisServer{}
	opts := append(probeLimits(),
		// The recovery loop settles what an outage left PENDING within the test.
		testkit.WithEnv("order-rpc", "SAGA_GRACE", "300ms"),
		testkit.WithEnv("order-rpc", "SAGA_PENDING_TIMEOUT", "6s"),
		testkit.WithEnv("order-rpc", "SAGA_RECOVERY_INTERVAL", "200ms"),
	)
	for _, svc := range testkit.Topology(t).Names() {
		redis[svc] = testkit.NewRedisServer(t)
		opts = append(opts, testkit.WithRedis(svc, redis[svc]))
	}
	orderPG, inventoryPG := testkit.NewPostgresServer(t), testkit.NewPostgresServer(t)
	opts = append(opts,
		testkit.WithPostgres("order-rpc", orderPG),
		testkit.WithPostgres("inventory-rpc", inventoryPG),
		// After WithPostgres and WithRedis: the proxies stand in front of those.
		tp.Between("inventory-rpc", testkit.StorePostgres),
		tp.Between("order-rpc", testkit.StorePostgres),
		tp.Between("inventory-rpc", testkit.StoreRedis),
	)
	s := testkit.StartSuite(t, opts...)
	w := newProbeWorld(t, s)

	products := []string{routeProduct, routeProducts}
	// Overview degrades to the user without orders when order-rpc cannot
	// answer, so it needs only user-rpc.
	notOrderRPC := append(slices.Clone(products), routeLogin, routeOverview)
	notInventoryRPC := []string{routeLogin, routeOrders, routeOverview}
	stopRedis := func(svc string, unaffected []string) fault {
		return fault{
			name:       svc + " Redis stopped",
			inject:     func(*testing.T) { redis[svc].Stop() },
			end:        func(t *testing.T) { redis[svc].Start(t) },
			unaffected: unaffected,
		}
	}
	restartPostgres := func(svc string, pg *testkit.PostgresServer, unaffected []string) fault {
		return fault{
			name:       svc + " Postgres restarted",
			inject:     func(t *testing.T) { pg.Stop(t) },
			end:        func(t *testing.T) { pg.Start(t) },
			unaffected: unaffected,
		}
	}
	faults := []fault{
		// user-api's Redis holds the limiters: login fails closed, the rest
		// goes on. Ten seconds, under a steady login load: long enough for
		// go-zero's Redis breaker to open, which before its fix never closed
		// again while logins kept coming (third_party/patches/go-zero).
		withLasts(stopRedis("user-api", without(probeRoutes, routeLogin)), 10*time.Second),
		stopRedis("user-rpc", products),
		stopRedis("order-rpc", notOrderRPC),
		// Product reads fall back to Postgres.
		stopRedis("inventory-rpc", append(slices.Clone(products), notInventoryRPC...)),
		restartPostgres("order-rpc", orderPG, notOrderRPC),
		restartPostgres("inventory-rpc", inventoryPG, notInventoryRPC),
		{
			name:       "inventory-rpc Postgres +300ms",
			inject:     func(t *testing.T) { tp.Link("inventory-rpc", testkit.StorePostgres).Latency(t, 300*time.Millisecond) },
			end:        func(t *testing.T) { tp.Link("inventory-rpc", testkit.StorePostgres).Heal(t) },
			unaffected: probeRoutes, // slower, never failing
		},
		{
			name:       "order-rpc Postgres partitioned",
			inject:     func(t *testing.T) { tp.Link("order-rpc", testkit.StorePostgres).Partition(t) },
			end:        func(t *testing.T) { tp.Link("order-rpc", testkit.StorePostgres).Heal(t) },
			unaffected: notOrderRPC,
		},
		{
			name:       "inventory-rpc Redis partitioned",
			inject:     func(t *testing.T) { tp.Link("inventory-rpc", testkit.StoreRedis).Partition(t) },
			end:        func(t *testing.T) { tp.Link("inventory-rpc", testkit.StoreRedis).Heal(t) },
			unaffected: append(slices.Clone(products), notInventoryRPC...),
		},
	}
	var table []recovery
	for _, f := range faults {
		t.Run(f.name, func(t *testing.T) { runFault(t, s, w, f, &table) })
	}
	t.Logf("recovery from each fault (from the end of the fault: when the first request sent after it was answered 200, and when the last request that failed was sent):%s", recoveryTable(table))
}

// runFault drives the prober through one fault, adds what each route did to
// table, and checks every answer and the recovery of every route, then the
// orders and the stock.
func runFault(t *testing.T, s *testkit.Suite, w *probeWorld, f fault, table *[]recovery) {
	lasts, observe := f.lasts, f.observe
	if lasts == 0 {
		lasts = 3 * time.Second
	}
	if observe == 0 {
		observe = 7 * time.Second
	}
	w.newLogin(t, s)
	waitAllRoutes(t, s, w, 30*time.Second)

	// Every route the fault takes away is busy, so that its recovery is
	// held to the bounds under load, not only for a lone probe.
	p := startProbe(s, w, without(probeRoutes, f.unaffected...)...)
	defer p.stopProbe()
	time.Sleep(time.Second) // every route answers before the fault
	start := time.Now()
	f.inject(t)
	time.Sleep(lasts)
	f.end(t)
	end := time.Now()
	time.Sleep(observe)
	records := p.stopProbe()

	rows := recoveries(f.name, records, start, end)
	*table = append(*table, rows...)
	t.Logf("%d requests:%s", len(records), recoveryTable(rows))
	checkAnswers(t, records, start, f.unaffected)
	for _, r := range rows {
		switch {
		case !r.affected:
		case !r.recovered:
			t.Errorf("%s never answered 200 in the %v after the fault ended", r.route, observe)
		case r.firstSuccessSent > firstSuccessBound:
			t.Errorf("%s: the first request to succeed was sent %v after the fault ended, want ≤ %v", r.route, r.firstSuccessSent, firstSuccessBound)
		case r.firstSuccess > lastFailureBound:
			t.Errorf("%s: first success answered %v after the fault ended, want ≤ %v", r.route, r.firstSuccess, lastFailureBound)
		}
		if r.failedAfter && r.lastFailure > lastFailureBound {
			t.Errorf("%s: a request sent %v after the fault ended failed, want none after %v:\n\t%s",
				r.route, r.lastFailure, lastFailureBound, r.last)
		}
	}
	checkOrders(t, s, w)
}

// checkAnswers fails t for every kind of wrong answer: any before the fault,
// a malformed or forbidden one at any time, any failure of a route the fault
// leaves alone.
func checkAnswers(t *testing.T, records []probeRecord, start time.Time, unaffected []string) {
	t.Helper()
	problems := map[string][]probeRecord{}
	var kinds []string
	add := func(kind string, r probeRecord) {
		if problems[kind] == nil {
			kinds = append(kinds, kind)
		}
		problems[kind] = append(problems[kind], r)
	}
	for _, r := range records {
		if msg := answerError(r); msg != "" {
			add(msg, r)
		}
		switch {
		case r.ok():
		case r.done.Before(start):
			add("failed before the fault", r)
		case slices.Contains(unaffected, r.route):
			add(r.route+" does not need what the fault took away, yet failed", r)
		}
	}
	for _, kind := range kinds {
		rs := problems[kind]
		examples := make([]string, 0, 3)
		for _, r := range rs[:min(3, len(rs))] {
			examples = append(examples, "\n\t"+r.String())
		}
		t.Errorf("%s: %d answers, e.g.%s", kind, len(rs), strings.Join(examples, ""))
	}
}

// waitAllRoutes waits until three rounds in a row of one request of each
// route answer 200: the suite is whole again before the next fault, so that
// what a fault did is not blamed on the next one.
func waitAllRoutes(t *testing.T, s *testkit.Suite, w *probeWorld, timeout time.Duration) {
	t.Helper()
	p := newProber(s, w)
	defer p.stopProbe()
	rng := rand.New(rand.NewPCG(1, uint64(time.Now().UnixNano())))
	deadline := time.Now().Add(timeout)
	for healthy := 0; healthy < 3; {
		var failed []string
		for _, route := range probeRoutes {
			if r := p.probe(route, 0, rng); !r.ok() {
				failed = append(failed, r.String())
			}
		}
		if len(failed) == 0 {
			healthy++
			continue
		}
		healthy = 0
		if time.Now().After(deadline) {
			t.Fatalf("the suite did not answer every route within %v before the fault:\n\t%s", timeout, strings.Join(failed, "\n\t"))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// checkOrders waits until no order is PENDING, ABANDONING or CANCELLING, checks that
// every order acknowledged so far is there and CONFIRMED, and that for every
// product initial = available + reserved by live orders.
func checkOrders(t *testing.T, s *testkit.Suite, w *probeWorld) {
	t.Helper()
	waitSettled(t, s, 60*time.Second)
	ids := w.acknowledged()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, s.DSN["order-rpc"])
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	rows, err := conn.Query(ctx, `SELECT id, status FROM orders WHERE id = ANY($1)`, ids)
	if err != nil {
		t.Fatal(err)
	}
	found := map[int64]string{}
	for rows.Next() {
		var id int64
		var status string
		if err := rows.Scan(&id, &status); err != nil {
			t.Fatal(err)
		}
		found[id] = status
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if found[id] != "CONFIRMED" {
			t.Errorf("acknowledged order %d is %q, want CONFIRMED", id, found[id])
		}
	}
	ledger(t, s, w.initial)
}

// withLasts makes f last d.
func withLasts(f fault, d time.Duration) fault {
	f.lasts = d
	return f
}

func without(routes []string, drop ...string) []string {
	return slices.DeleteFunc(slices.Clone(routes), func(r string) bool { return slices.Contains(drop, r) })
}
