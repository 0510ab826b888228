package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zsuite/testkit"
	"github.com/zsuite/testkit/stack"
)

// The routes the prober drives, each by a worker of its own.
const (
	routeProduct  = "GET /v1/products/{id}"
	routeProducts = "GET /v1/products"
	routeLogin    = "POST /v1/users/login"
	routeOrder    = "POST /v1/orders"
	routeOrders   = "GET /v1/orders"
	routeOverview = "GET /v1/users/me/overview"
)

var probeRoutes = []string{routeProduct, routeProducts, routeLogin, routeOrder, routeOrders, routeOverview}

// probeTimeout bounds one probe request: above user-api's longest RPC
// deadline (8 s to order-rpc), so that a slow answer is recorded as what
// user-api said, not cut short by the prober.
const probeTimeout = 15 * time.Second

// probeLimits lifts user-api's per-client rate limits for a suite the
// prober drives: from one address and three accounts it sends the load of
// many clients, and a 429 would hide what the fault does. The limiters have
// tests of their own.
func probeLimits() []testkit.SuiteOption {
	var opts []testkit.SuiteOption
	for _, name := range []string{"RATE_ANONYMOUS_PER_SECOND", "RATE_ANONYMOUS_BURST", "RATE_USER_PER_SECOND", "RATE_USER_BURST",
		"RATE_SIGNUP_PER_SECOND", "RATE_SIGNUP_BURST"} {
		opts = append(opts, testkit.WithEnv("user-api", name, "10000"))
	}
	return opts
}

// probeWorld is what the prober acts on: products with stock that never runs
// out, customers who order, and an account that logs in.
type probeWorld struct {
	products  []int64
	initial   map[int64]int64 // product id -> stock at creation
	customers []string        // tokens
	// login has a login body with the right password for each worker of the
	// login route (newLogin): a login is counted before its password is
	// checked, so workers sharing one account would be limited by each other.
	login  [][]byte
	logins int

	mu     sync.Mutex
	seq    int
	placed []int64 // the ids of the orders user-api acknowledged (200)
}

// acknowledged is every order user-api acknowledged so far.
func (w *probeWorld) acknowledged() []int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.placed)
}

func newProbeWorld(t *testing.T, s *testkit.Suite) *probeWorld {
	t.Helper()
	admin := login(t, s, "admin", "admin12345")
	w := &probeWorld{initial: map[int64]int64{}}
	for i := range 4 {
		p := createProduct(t, s, admin, fmt.Sprintf("Fault %d", i), 100+int64(i), 1_000_000)
		w.products = append(w.products, p.ID)
		w.initial[p.ID] = p.Stock
	}
	for i := range 3 {
		_, token := newCustomer(t, s, fmt.Sprintf("fault_%d", i))
		w.customers = append(w.customers, token)
	}
	return w
}

// newLogin gives each worker of the prober an account of its own to log in
// with, so that what a fault leaves in the login limiter is seen in that
// fault and not blamed on the next one.
func (w *probeWorld) newLogin(t *testing.T, s *testkit.Suite) {
	t.Helper()
	w.logins++
	w.login = w.login[:0]
	for worker := range 1 + busyWorkers {
		name := fmt.Sprintf("fault_login_%d_%d", w.logins, worker)
		registerUser(t, s, name, "password-"+name)
		w.login = append(w.login, mustJSON(t, map[string]string{"username": name, "password": "password-" + name}))
	}
}

// probeRecord is one request of the prober and what user-api answered.
type probeRecord struct {
	route      string
	sent, done time.Time
	status     int
	retryAfter string
	body       []byte
	err        error
}

func (r probeRecord) ok() bool { return r.err == nil && r.status == http.StatusOK }

func (r probeRecord) String() string {
	if r.err != nil {
		return fmt.Sprintf("%s: %v", r.route, r.err)
	}
	body := r.body
	if len(body) > 200 {
		body = body[:200]
	}
	return fmt.Sprintf("%s: %d Retry-After=%q %s", r.route, r.status, r.retryAfter, body)
}

// prober sends a steady small load to user-api, one worker per route, each
// request after the previous one's answer and a short pause, and records
// every answer.
type prober struct {
	s      *testkit.Suite
	w      *probeWorld
	client *http.Client

	mu      sync.Mutex
	records []probeRecord

	stop context.CancelFunc
	done chan struct{}
}

// busyWorkers is how many workers drive each route a fault takes away, each
// pausing busyPause between requests: a steady load of tens of requests a
// second on it, as at a busy hour (a breaker that recovers for a lone probe
// but not under load is what it catches).
const (
	busyWorkers = 3
	busyPause   = 20 * time.Millisecond
)

// startProbe starts the workers: one per route, pausing 50 ms between its
// requests, and busyWorkers more on each of the busy routes. stopProbe ends
// them and returns what they recorded.
func startProbe(s *testkit.Suite, w *probeWorld, busy ...string) *prober {
	ctx, cancel := context.WithCancel(context.Background())
	p := newProber(s, w)
	p.stop, p.done = cancel, make(chan struct{})
	var wg sync.WaitGroup
	work := func(seed int, route string, worker int, pause time.Duration) {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(seed), uint64(time.Now().UnixNano())))
			for ctx.Err() == nil {
				p.probe(route, worker, rng)
				select {
				case <-ctx.Done():
				case <-time.After(pause):
				}
			}
		})
	}
	for i, route := range probeRoutes {
		work(i, route, 0, 50*time.Millisecond)
		if slices.Contains(busy, route) {
			for j := 1; j <= busyWorkers; j++ {
				work(100*j+i, route, j, busyPause)
			}
		}
	}
	go func() { wg.Wait(); close(p.done) }()
	return p
}

// newProber is a prober with no workers: probe sends one request.
func newProber(s *testkit.Suite, w *probeWorld) *prober {
	done := make(chan struct{})
	close(done)
	return &prober{
		s: s, w: w, stop: func() {}, done: done,
		// Connections of its own, so that no earlier prober's idle ones are reused.
		client: &http.Client{Timeout: probeTimeout, Transport: &http.Transport{MaxIdleConnsPerHost: 8}},
	}
}

func (p *prober) stopProbe() []probeRecord {
	p.stop()
	<-p.done
	p.client.CloseIdleConnections()
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.records
}

// probe sends one request of route as worker (0 to busyWorkers), records the
// answer and returns it.
func (p *prober) probe(route string, worker int, rng *rand.Rand) probeRecord {
	customer := p.w.customers[rng.IntN(len(p.w.customers))]
	var rec probeRecord
	switch route {
	case routeProduct:
		rec = p.send(route, http.MethodGet, fmt.Sprintf("/v1/products/%d", p.w.products[rng.IntN(len(p.w.products))]), "", nil)
	case routeProducts:
		rec = p.send(route, http.MethodGet, "/v1/products?page=1&pageSize=10", "", nil)
	case routeLogin:
		rec = p.send(route, http.MethodPost, "/v1/users/login", "", p.w.login[worker])
	case routeOrder:
		p.w.mu.Lock()
		p.w.seq++
		k := "fault-" + strconv.Itoa(p.w.seq)
		p.w.mu.Unlock()
		body := fmt.Sprintf(`{"items":[{"productId":%d,"quantity":1}]}`, p.w.products[rng.IntN(len(p.w.products))])
		rec = p.send(route, http.MethodPost, "/v1/orders", customer, []byte(body), "Idempotency-Key", k)
		if rec.ok() {
			p.w.mu.Lock()
			p.w.placed = append(p.w.placed, decodeOrderID(rec.body))
			p.w.mu.Unlock()
		}
	case routeOrders:
		rec = p.send(route, http.MethodGet, "/v1/orders?page=1&pageSize=5", customer, nil)
	case routeOverview:
		rec = p.send(route, http.MethodGet, "/v1/users/me/overview", customer, nil)
	}
	p.mu.Lock()
	p.records = append(p.records, rec)
	p.mu.Unlock()
	return rec
}

// send is one request; unlike Suite.Call it keeps the Retry-After header.
func (p *prober) send(route, method, path, token string, body []byte, headers ...string) probeRecord {
	rec := probeRecord{route: route, sent: time.Now()}
	c := stack.Client{BaseURL: p.s.BaseURL, HTTP: p.client}
	a, err := c.Call(context.Background(), method, path, token, body, headers...)
	rec.status, rec.body, rec.err, rec.retryAfter, rec.done = a.Status, a.Body, err, a.Header.Get("Retry-After"), time.Now()
	return rec
}

// answerError says what is wrong with an answer whatever the fault: a
// transport error, any 5xx but 503, a 503 without the UNAVAILABLE body or
// without Retry-After, or a status the route never answers to the prober.
// It is "" for 200 and for a well-formed 503.
func answerError(r probeRecord) string {
	switch {
	case r.err != nil:
		return "transport error"
	case r.status == http.StatusOK:
		return ""
	case r.status == http.StatusServiceUnavailable:
		var e errorBody
		if err := json.Unmarshal(r.body, &e); err != nil || e.Code != "UNAVAILABLE" || e.Message == "" {
			return `503 without the body {"code":"UNAVAILABLE","message":...}`
		}
		if n, err := strconv.Atoi(r.retryAfter); err != nil || n < 1 {
			return "503 without a Retry-After of whole seconds"
		}
		return ""
	case r.status >= 500:
		return fmt.Sprintf("%d (only 503 may say a dependency is missing)", r.status)
	default:
		return fmt.Sprintf("%d (the prober's requests are valid)", r.status)
	}
}

// recovery is what one route did during one fault and after it ended.
type recovery struct {
	fault, route string
	during       map[int]int // status (0: transport error) -> answers while the fault lasted
	// firstSuccess is when the first request sent after the fault ended was
	// answered 200, from the end of the fault; lastFailure is when the last
	// request that failed was sent, from the end of the fault (0 when none).
	firstSuccess, lastFailure time.Duration
	// firstSuccessSent is when that first successful request was sent, from
	// the end of the fault: the recovery itself, without the time the request
	// then took (on a loaded machine a login's bcrypt alone takes a second).
	firstSuccessSent       time.Duration
	recovered, failedAfter bool
	affected               bool          // failed at least once during the fault or after it
	last                   probeRecord   // the last failure after the fault
	slowest                time.Duration // the longest a request answered during the fault took
}

// recoveries sorts the records of one fault, which lasted from start to end,
// by route.
func recoveries(fault string, records []probeRecord, start, end time.Time) []recovery {
	byRoute := map[string]*recovery{}
	for _, route := range probeRoutes {
		byRoute[route] = &recovery{fault: fault, route: route, during: map[int]int{}}
	}
	for _, r := range records {
		rc := byRoute[r.route]
		if r.done.After(start) && r.sent.Before(end) {
			rc.during[r.status]++
			rc.slowest = max(rc.slowest, r.done.Sub(r.sent))
		}
		if !r.ok() && r.done.After(start) {
			rc.affected = true
		}
		if r.sent.Before(end) {
			continue
		}
		if r.ok() && (!rc.recovered || r.done.Sub(end) < rc.firstSuccess) {
			rc.firstSuccess, rc.firstSuccessSent, rc.recovered = r.done.Sub(end), r.sent.Sub(end), true
		}
		if !r.ok() && (!rc.failedAfter || r.sent.Sub(end) > rc.lastFailure) {
			rc.lastFailure, rc.failedAfter, rc.last = r.sent.Sub(end), true, r
		}
	}
	out := make([]recovery, 0, len(probeRoutes))
	for _, route := range probeRoutes {
		out = append(out, *byRoute[route])
	}
	return out
}

// recoveryTable formats recoveries for the test log (and docs/operations.md).
func recoveryTable(rows []recovery) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n| fault | route | answers during the fault | slowest of them | first success after | last failure after |\n")
	fmt.Fprintf(&b, "| --- | --- | --- | --- | --- | --- |\n")
	for _, r := range rows {
		statuses := make([]int, 0, len(r.during))
		for st := range r.during {
			statuses = append(statuses, st)
		}
		sort.Ints(statuses)
		var during []string
		for _, st := range statuses {
			name := strconv.Itoa(st)
			if st == 0 {
				name = "error"
			}
			during = append(during, fmt.Sprintf("%d×%s", r.during[st], name))
		}
		first, last := "-", "-"
		if r.affected {
			first, last = "never", "none"
			if r.recovered {
				first = r.firstSuccess.Round(10 * time.Millisecond).String()
			}
			if r.failedAfter {
				last = r.lastFailure.Round(10 * time.Millisecond).String()
			}
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %v | %s | %s |\n", r.fault, r.route, strings.Join(during, " "),
			r.slowest.Round(10*time.Millisecond), first, last)
	}
	return b.String()
}
