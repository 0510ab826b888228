// Package ratelimit limits every client of user-api: per user on the routes
// that act for one, per client address on the others. The counts live in
// user-api's own Redis (go-zero's limit.TokenLimiter, shared by every
// replica); while that Redis is down each replica limits on its own with the
// in-process limiter TokenLimiter falls back to.
//
// A replica never lets a request through without a token Redis gave it, and
// asks Redis as seldom as that allows (client):
//   - about one client once at a time: the requests of that client that come
//     while a question is out wait for it and then go together, for as many
//     tokens as there are requests;
//   - a client that has been busy (requests in the last demandWindow) is given
//     a lease with its next question: as many more tokens as it used in that
//     window, at most a quarter of its burst, which its next requests spend
//     without asking. A lease lapses after leaseLife unused; what it held is
//     lost, so a client may meet its limit a little early, never late;
//   - once Redis refuses a client a token, the replica refuses it without
//     asking until the next second, when the bucket refills (go-zero's
//     TokenLimiter counts in whole seconds): a client over its limit costs
//     Redis nothing more.
//
// So a lone request costs one Redis round trip, as before, and a busy client a
// few a second instead of one per request.
package ratelimit

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/zeromicro/go-zero/core/collection"
	"github.com/zeromicro/go-zero/core/limit"
	"github.com/zeromicro/go-zero/core/metric"
	"github.com/zeromicro/go-zero/core/stores/redis"

	"github.com/zsuite/common/errx"
)

// Rate is a token bucket: PerSecond tokens a second, up to Burst at once.
type Rate struct {
	PerSecond int
	Burst     int
}

// Validate refuses a rate the limiter cannot keep: PerSecond below 1 (a limiter
// of 0 panicked on every request) or a Burst below PerSecond (the bucket could
// not hold one second's tokens).
func (r Rate) Validate() error {
	switch {
	case r.PerSecond < 1:
		return fmt.Errorf("PerSecond is %d: at least 1", r.PerSecond)
	case r.Burst < r.PerSecond:
		return fmt.Errorf("the burst (%d) is below PerSecond (%d): the bucket must hold at least one second's tokens", r.Burst, r.PerSecond)
	}
	return nil
}

// keysKept bounds how many clients' limiters a replica keeps in memory; one
// unused for a minute is dropped (its counts stay in Redis).
const keysKept = 100_000

// Rejected counts the requests refused by a limiter, by limiter name.
var Rejected = metric.NewCounterVec(&metric.CounterVecOpts{
	Namespace: "zsuite",
	Subsystem: "ratelimit",
	Name:      "rejected_total",
	Help:      "Requests refused with 429 RATE_LIMITED, by limiter.",
	Labels:    []string{"limiter"},
})

// Limiter is one class of limit ("anonymous", "user", ...) over many clients.
type Limiter struct {
	name  string
	rate  Rate
	rds   *redis.Redis
	byKey *collection.Cache
}

// New returns the limiter called name, counting in rds.
func New(name string, rate Rate, rds *redis.Redis) *Limiter {
	byKey, err := collection.NewCache(time.Minute, collection.WithLimit(keysKept), collection.WithName("ratelimit-"+name))
	if err != nil {
		panic(err) // only for a negative expiry
	}
	return &Limiter{name: name, rate: rate, rds: rds, byKey: byKey}
}

// Allow takes a token of client key, or returns RATE_LIMITED with when to
// come back.
func (l *Limiter) Allow(ctx context.Context, key string) error {
	v, _ := l.byKey.Take(key, func() (any, error) {
		return newClient(limit.NewTokenLimiter(l.rate.PerSecond, l.rate.Burst, l.rds, "ratelimit:"+l.name+":"+key), l.rate.Burst), nil
	})
	if v.(*client).allow(ctx) {
		return nil
	}
	Rejected.Inc(l.name)
	e := errx.New(errx.RateLimited, "too many requests, slow down")
	e.RetryAfter = time.Second
	if l.rate.PerSecond > 0 {
		e.RetryAfter = time.Duration(float64(time.Second) / float64(l.rate.PerSecond))
	}
	return e
}

// UserKey is the key of an authenticated user.
func UserKey(id int64) string { return "u" + strconv.FormatInt(id, 10) }

// demandWindow is how far back a replica counts a client's requests to size
// its next lease; leaseLife is how long a lease may wait to be spent.
const (
	demandWindow = 100 * time.Millisecond
	leaseLife    = time.Second
)

// client is one client's bucket as this replica sees it: the shared bucket in
// Redis, this replica's lease of its tokens, and the requests waiting while a
// question about it is out.
type client struct {
	tokens   *limit.TokenLimiter
	burst    int
	maxLease int

	mu       sync.Mutex
	leased   int       // tokens Redis gave and no request has spent yet
	lapses   time.Time // when they are lost
	dry      time.Time // Redis refused a token: none until then
	window   time.Time // start of the current demand window
	now, was int       // requests in the current window, and in the one before
	asking   bool
	waiting  []waiter
}

type waiter struct {
	ctx    context.Context
	answer chan bool
}

func newClient(tokens *limit.TokenLimiter, burst int) *client {
	return &client{tokens: tokens, burst: burst, maxLease: burst / 4}
}

// allow takes one token: from the lease, or by asking Redis; while a question
// is out, by waiting for the next.
func (c *client) allow(ctx context.Context) bool {
	c.mu.Lock()
	now := time.Now()
	c.count(now)
	if c.spend(now) {
		c.mu.Unlock()
		return true
	}
	if now.Before(c.dry) {
		c.mu.Unlock()
		return false
	}
	if c.asking {
		w := waiter{ctx: ctx, answer: make(chan bool, 1)}
		c.waiting = append(c.waiting, w)
		c.mu.Unlock()
		select {
		case ok := <-w.answer:
			return ok
		case <-ctx.Done():
			return false // as TokenLimiter answers a request out of time
		}
	}
	c.asking = true
	c.mu.Unlock()

	ok := c.ask(ctx, 1) == 1
	if batch := c.next(); batch != nil {
		go c.serve(batch) //nolint:contextcheck // serve asks for the whole batch, with its first request's context minus its cancel
	}
	return ok
}

// count counts a request in its demand window. Called with mu held.
func (c *client) count(now time.Time) {
	if since := now.Sub(c.window); since >= demandWindow {
		c.was = 0
		if since < 2*demandWindow {
			c.was = c.now
		}
		c.now, c.window = 0, now
	}
	c.now++
}

// spend takes a token of the lease if it holds one. Called with mu held.
func (c *client) spend(now time.Time) bool {
	if c.leased == 0 || !now.Before(c.lapses) {
		return false
	}
	c.leased--
	return true
}

// next hands over the requests that waited and neither the lease nor a dry
// bucket answers, or ends the question.
func (c *client) next() []waiter {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := time.Now()
	batch := c.waiting[:0:0]
	for _, w := range c.waiting {
		switch {
		case c.spend(now):
			w.answer <- true
		case now.Before(c.dry):
			w.answer <- false
		default:
			batch = append(batch, w)
		}
	}
	c.waiting = nil
	if len(batch) == 0 {
		c.asking = false
		return nil
	}
	return batch
}

// serve answers batches until nobody waits. A batch runs on after a waiter
// gives up (its token is taken all the same), so it asks with the first
// waiter's context without its cancellation; the store's own timeouts bound it.
func (c *client) serve(batch []waiter) {
	for ; batch != nil; batch = c.next() {
		granted := c.ask(context.WithoutCancel(batch[0].ctx), len(batch))
		for i, w := range batch {
			w.answer <- i < granted
		}
	}
}

// ask takes tokens for n requests from Redis, with a lease for the requests
// to come when the client has been busy, and says how many of the n may pass.
func (c *client) ask(ctx context.Context, n int) int {
	c.mu.Lock()
	lease := min(c.was, c.maxLease)
	c.mu.Unlock()
	if lease > 0 && n+lease <= c.burst && c.tokens.AllowNCtx(ctx, time.Now(), n+lease) {
		c.mu.Lock()
		c.leased, c.lapses = lease, time.Now().Add(leaseLife)
		c.mu.Unlock()
		return n
	}
	return c.take(ctx, n)
}

// take takes up to n tokens and says how many, in as few steps as it can: it
// asks for as many as the batch wants (at most a full bucket), and halves the
// ask after each refusal, since a refused ask takes nothing. Once even one
// token is refused, the bucket is dry until the next second: it refills in
// whole seconds of the time it is asked with.
func (c *client) take(ctx context.Context, n int) int {
	granted, ask := 0, min(n, c.burst)
	for ask > 0 && granted < n {
		now := time.Now()
		if c.tokens.AllowNCtx(ctx, now, ask) {
			granted += ask
			ask = min(ask, n-granted)
			continue
		}
		// A question out of time is refused too, but says nothing of the bucket.
		if ask == 1 && ctx.Err() == nil {
			c.mu.Lock()
			c.dry = time.Unix(now.Unix()+1, 0)
			c.mu.Unlock()
		}
		ask /= 2
	}
	return granted
}
