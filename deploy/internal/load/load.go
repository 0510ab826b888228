// Package load is a steady mixed load on a running user-api, sent as the API
// tells a client to behave: catalogue reads, the customer's own orders read,
// and orders placed with an Idempotency-Key, each retried with the same key
// after a 503 or 429 (after its Retry-After) until it is answered. It counts
// every answer, so that a test can hold a window of it (a rolling update, an
// eviction) to "no failure but documented 429s", and it remembers every order
// the API acknowledged, so that a test can check afterwards that each is there
// and that the stock balances.
//
// The Kubernetes test (deploy/kubee2e) runs it; the compose test may too: it
// needs only the API (through the harness's HTTP client), nothing of a
// particular deployment.
package load

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	teststack "github.com/zsuite/testkit/stack"
)

// Product is one of the products the load orders, which it made itself, so
// that no other order touches their stock: Initial was its stock when made
// and Restocked what the admin added once before the load started.
type Product struct {
	Id                 int64
	Initial, Restocked int64
}

// Order is an order the API acknowledged (answered 200 for).
type Order struct {
	Id        int64
	Key       string
	Status    string
	ProductId int64
	Quantity  int64
}

// Counts are the answers of a window of the load. Every attempt counts once:
// a retried order counts each attempt.
type Counts struct {
	Requests    int // every attempt: answers and transport errors
	OK          int // 2xx
	RateLimited int // 429, a documented answer the client waits out
	Failed      int // anything else: 5xx, an unexpected 4xx, no answer
	Slowest     time.Duration
	Failures    []string // the first few failures, for the test's message
}

// Sub is c less an earlier snapshot of the same load (Slowest and Failures
// are the later snapshot's failures beyond the earlier's).
func (c Counts) Sub(earlier Counts) Counts {
	d := Counts{
		Requests:    c.Requests - earlier.Requests,
		OK:          c.OK - earlier.OK,
		RateLimited: c.RateLimited - earlier.RateLimited,
		Failed:      c.Failed - earlier.Failed,
		Slowest:     c.Slowest,
	}
	if len(c.Failures) > len(earlier.Failures) {
		d.Failures = c.Failures[len(earlier.Failures):]
	}
	return d
}

func (c Counts) String() string {
	return fmt.Sprintf("%d requests: %d ok, %d×429, %d failed", c.Requests, c.OK, c.RateLimited, c.Failed)
}

// Config shapes the load.
type Config struct {
	// Customers is how many customers send requests, each one at a time.
	Customers int
	// Pause is each customer's pause between two requests.
	Pause time.Duration
	// Products is how many products of its own the load orders from.
	Products int
	// Stock is each product's stock when made, Restock what the admin adds once.
	Stock, Restock int64
	// AdminUser and AdminPassword log the admin in (the seeded one).
	AdminUser, AdminPassword string
	// Name tells this load's customers from another's (a run, a step).
	Name string
}

// Load is a running (or stopped) load.
type Load struct {
	c        *teststack.Client
	cfg      Config
	products []Product
	tokens   []string

	mu      sync.Mutex
	counts  Counts
	orders  []Order
	lastWin Counts

	stop context.CancelFunc
	done sync.WaitGroup
}

// maxFailuresKept bounds Counts.Failures.
const maxFailuresKept = 20

// Prepare registers and logs in the customers, and as the admin makes the
// products and restocks each once. It fails the test when the API refuses.
func Prepare(t testing.TB, c *teststack.Client, cfg Config) *Load {
	t.Helper()
	l := &Load{c: c, cfg: cfg}
	ctx := context.Background()
	admin := l.login(t, cfg.AdminUser, cfg.AdminPassword)
	for i := range cfg.Products {
		var p struct {
			Id    int64 `json:"id"`
			Stock int64 `json:"stock"`
		}
		l.must(t, ctx, "POST", "/v1/admin/products", admin, map[string]any{
			"name": fmt.Sprintf("%s load product %d", cfg.Name, i), "priceCents": 100 + i, "stock": cfg.Stock}, &p)
		if cfg.Restock != 0 {
			l.must(t, ctx, "POST", fmt.Sprintf("/v1/admin/products/%d/stock", p.Id), admin, map[string]int64{"delta": cfg.Restock}, &p)
		}
		if p.Stock != cfg.Stock+cfg.Restock {
			t.Fatalf("load product %d has %d in stock, want %d", p.Id, p.Stock, cfg.Stock+cfg.Restock)
		}
		l.products = append(l.products, Product{Id: p.Id, Initial: cfg.Stock, Restocked: cfg.Restock})
	}
	for i := range cfg.Customers {
		name := fmt.Sprintf("%s_%d", cfg.Name, i)
		l.must(t, ctx, "POST", "/v1/users/register", "", map[string]string{
			"username": name, "password": "load-password-" + name, "email": name + "@example.com"}, nil)
		l.tokens = append(l.tokens, l.login(t, name, "load-password-"+name))
	}
	return l
}

// login logs a user in and returns the access token.
func (l *Load) login(t testing.TB, user, password string) string {
	t.Helper()
	var resp struct {
		AccessToken string `json:"accessToken"`
	}
	l.must(t, context.Background(), "POST", "/v1/users/login", "", map[string]string{"username": user, "password": password}, &resp)
	return resp.AccessToken
}

// must sends one request of the preparation, waiting out 429s and 503s as a
// client does, for at most a minute, and decodes the 200 answer into out.
func (l *Load) must(t testing.TB, ctx context.Context, method, path, token string, in, out any) {
	t.Helper()
	body, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	for {
		a, err := l.c.Call(ctx, method, path, token, body)
		if err == nil && a.Status == http.StatusOK {
			if out != nil {
				if err := json.Unmarshal(a.Body, out); err != nil {
					t.Fatalf("%s %s: %v: %s", method, path, err, a.Body)
				}
			}
			return
		}
		if time.Now().After(deadline) || (err == nil && a.Status != http.StatusTooManyRequests && a.Status != http.StatusServiceUnavailable) {
			t.Fatalf("%s %s: %d %s (%v)", method, path, a.Status, a.Body, err)
		}
		time.Sleep(retryAfter(a.Header))
	}
}

// Products are the load's own products.
func (l *Load) Products() []Product { return l.products }

// Start starts the customers; Stop stops them.
func (l *Load) Start() {
	ctx, cancel := context.WithCancel(context.Background())
	l.stop = cancel
	for i, token := range l.tokens {
		l.done.Add(1)
		go func() {
			defer l.done.Done()
			l.customer(ctx, i, token)
		}()
	}
}

// Stop stops the customers after the requests in flight (an order still
// being retried is retried until answered) and returns every order the API
// acknowledged.
func (l *Load) Stop() []Order {
	l.stop()
	l.done.Wait()
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Order(nil), l.orders...)
}

// Counts is a snapshot of the answers so far.
func (l *Load) Counts() Counts {
	l.mu.Lock()
	defer l.mu.Unlock()
	c := l.counts
	c.Failures = append([]string(nil), c.Failures...)
	return c
}

// Window returns the answers since the last Window (or Start) and starts a
// new one; Slowest is the slowest answer of the window.
func (l *Load) Window() Counts {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.counts
	d := now.Sub(l.lastWin)
	l.lastWin = now
	l.lastWin.Failures = append([]string(nil), now.Failures...)
	l.counts.Slowest = 0
	return d
}

// customer sends requests until ctx ends: of every ten, four orders, three
// catalogue reads and three reads of its own orders.
func (l *Load) customer(ctx context.Context, i int, token string) {
	rng := rand.New(rand.NewPCG(uint64(i), uint64(time.Now().UnixNano())))
	for n := 0; ctx.Err() == nil; n++ {
		switch k := rng.IntN(10); {
		case k < 4:
			l.order(ctx, i, n, token, l.products[rng.IntN(len(l.products))].Id, int64(1+rng.IntN(3)))
		case k < 7:
			l.read(ctx, "GET", fmt.Sprintf("/v1/products/%d", l.products[rng.IntN(len(l.products))].Id), "")
		default:
			l.read(ctx, "GET", "/v1/orders?page=1&pageSize=5", token)
		}
		select {
		case <-ctx.Done():
		case <-time.After(l.cfg.Pause):
		}
	}
}

// read sends a read once; its answer counts.
func (l *Load) read(ctx context.Context, method, path, token string) {
	a, d, err := l.send(context.WithoutCancel(ctx), method, path, token, nil)
	l.count(method+" "+path, a, err, d)
}

// order places an order with a key of its own and retries it with the same
// key after a 503 or 429, or no answer, as the API says, until it is
// answered (also after ctx ends: an order sent is followed to its answer).
func (l *Load) order(ctx context.Context, i, n int, token string, product, quantity int64) {
	key := fmt.Sprintf("%s-%d-%d", l.cfg.Name, i, n)
	body, _ := json.Marshal(map[string]any{"items": []map[string]int64{{"productId": product, "quantity": quantity}}})
	giveUp := time.Now().Add(3 * time.Minute)
	for {
		a, d, err := l.send(context.WithoutCancel(ctx), "POST", "/v1/orders", token, body, "Idempotency-Key", key)
		l.count("POST /v1/orders "+key, a, err, d)
		if err == nil && a.Status == http.StatusOK {
			var o struct {
				Id     int64  `json:"id"`
				Status string `json:"status"`
			}
			if json.Unmarshal(a.Body, &o) == nil {
				l.mu.Lock()
				l.orders = append(l.orders, Order{Id: o.Id, Key: key, Status: o.Status, ProductId: product, Quantity: quantity})
				l.mu.Unlock()
			}
			return
		}
		retry := err != nil || a.Status == http.StatusServiceUnavailable || a.Status == http.StatusTooManyRequests
		if !retry || time.Now().After(giveUp) {
			return
		}
		time.Sleep(retryAfter(a.Header))
	}
}

// send sends one request and times it.
func (l *Load) send(ctx context.Context, method, path, token string, body []byte, headers ...string) (teststack.Answer, time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	start := time.Now()
	a, err := l.c.Call(ctx, method, path, token, body, headers...)
	return a, time.Since(start), err
}

// count counts one answer.
func (l *Load) count(what string, a teststack.Answer, err error, d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.counts.Requests++
	l.counts.Slowest = max(l.counts.Slowest, d)
	switch {
	case err == nil && a.Status >= 200 && a.Status < 300:
		l.counts.OK++
		return
	case err == nil && a.Status == http.StatusTooManyRequests:
		l.counts.RateLimited++
		return
	}
	l.counts.Failed++
	if len(l.counts.Failures) < maxFailuresKept {
		msg := fmt.Sprintf("%s %s: ", time.Now().UTC().Format("15:04:05.000"), what)
		if err != nil {
			msg += err.Error()
		} else {
			msg += strconv.Itoa(a.Status) + " " + strings.TrimSpace(string(a.Body))
		}
		l.counts.Failures = append(l.counts.Failures, msg)
	}
}

// retryAfter is how long an answer asks the client to wait (at least 100
// ms, at most 5 s; 200 ms when it does not say, as after no answer).
func retryAfter(h http.Header) time.Duration {
	if s, err := strconv.Atoi(h.Get("Retry-After")); err == nil {
		return min(max(time.Duration(s)*time.Second, 100*time.Millisecond), 5*time.Second)
	}
	return 200 * time.Millisecond
}

// Books is what a store says of one product: its stock and what live
// reservations hold of it.
type Books struct {
	Available, Reserved int64
}

// CheckBooks holds every product of the load to initial + restocked =
// available + reserved, and what is reserved of each to the quantities of the
// confirmed orders (confirmed, from the order store, product id to quantity).
func (l *Load) CheckBooks(books map[int64]Books, confirmed map[int64]int64) error {
	var errs []error
	for _, p := range l.products {
		b, ok := books[p.Id]
		switch {
		case !ok:
			errs = append(errs, fmt.Errorf("product %d: not in the inventory store", p.Id))
		case p.Initial+p.Restocked != b.Available+b.Reserved:
			errs = append(errs, fmt.Errorf("product %d: initial %d + restocked %d = %d, but available %d + reserved %d = %d",
				p.Id, p.Initial, p.Restocked, p.Initial+p.Restocked, b.Available, b.Reserved, b.Available+b.Reserved))
		case b.Reserved != confirmed[p.Id]:
			errs = append(errs, fmt.Errorf("product %d: %d reserved, but the confirmed orders hold %d", p.Id, b.Reserved, confirmed[p.Id]))
		}
	}
	return errors.Join(errs...)
}

// ProductIds are the ids of the load's products, sorted.
func (l *Load) ProductIds() []int64 {
	ids := make([]int64, 0, len(l.products))
	for _, p := range l.products {
		ids = append(ids, p.Id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

// Burst is many workers sending one read as fast as they are answered, to
// make a service busy (an autoscaling test); 429s are expected and counted.
type Burst struct {
	mu     sync.Mutex
	counts Counts
	stop   context.CancelFunc
	done   sync.WaitGroup
}

// StartBurst starts workers sending GET path to c, each again as soon as it
// is answered.
func StartBurst(c *teststack.Client, workers int, path string) *Burst {
	ctx, cancel := context.WithCancel(context.Background())
	b := &Burst{stop: cancel}
	for range workers {
		b.done.Add(1)
		go func() {
			defer b.done.Done()
			for ctx.Err() == nil {
				rctx, rcancel := context.WithTimeout(ctx, 15*time.Second)
				start := time.Now()
				a, err := c.Call(rctx, "GET", path, "", nil)
				rcancel()
				if ctx.Err() != nil {
					return
				}
				b.mu.Lock()
				b.counts.Requests++
				b.counts.Slowest = max(b.counts.Slowest, time.Since(start))
				switch {
				case err == nil && a.Status == http.StatusOK:
					b.counts.OK++
				case err == nil && a.Status == http.StatusTooManyRequests:
					b.counts.RateLimited++
				default:
					b.counts.Failed++
					if len(b.counts.Failures) < maxFailuresKept {
						b.counts.Failures = append(b.counts.Failures, fmt.Sprintf("GET %s: %d %v", path, a.Status, err))
					}
				}
				b.mu.Unlock()
			}
		}()
	}
	return b
}

// Stop stops the workers and returns what they were answered.
func (b *Burst) Stop() Counts {
	b.stop()
	b.done.Wait()
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.counts
}
