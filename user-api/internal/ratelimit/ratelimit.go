// Package ratelimit limits every client of user-api: per user on the routes
// that act for one, per client address on the others. The buckets live in
// user-api's own Redis, shared by every replica: a GCRA bucket per client
// (github.com/go-redis/redis_rate), kept by a Lua script that reads the time
// from Redis itself (TIME), so every replica judges by one clock whatever its
// own says. While that Redis is down each replica limits on its own, with one
// in-process fallback per limiter (fallback).
//
// A replica never lets a request through without a token Redis gave it (or,
// while Redis cannot answer, its fallback gave it), and asks Redis as seldom
// as that allows (client):
//   - about one client once at a time: the requests of that client that come
//     while a question is out wait for it and then go together, for as many
//     tokens as there are requests;
//   - a client that has been busy (requests in the last demandWindow) is given
//     a lease with its next question: as many more tokens as it used in that
//     window, at most a quarter of its burst, which its next requests spend
//     without asking. A lease lapses leaseLife after Redis gave it; what it
//     held is lost, so a client may meet its limit a little early. A leased
//     token was taken from the bucket when it was leased, so a lease carries
//     at most leaseLife's worth of refill past its time: over any span of W
//     seconds, a client passes at most Burst + PerSecond×(W + leaseLife)
//     requests across all replicas;
//   - once Redis refuses a client a token, the replica refuses it without
//     asking until Redis said the next one is due: a client over its limit
//     costs Redis nothing more.
//
// So a lone request costs one Redis round trip and a busy client a few a
// second instead of one per request.
//
// Redis calls go through one breaker per limiter (common/breakx): while
// Redis fails, every request of every client is answered by the fallback
// without waiting for Redis, and once a second the breaker lets a few calls
// through to see whether Redis is back. That is the limiter's only health
// probe, whatever the number of clients. The state a replica keeps per client
// is bounded (keysKept clients in the buckets' front, fallbackKeys in the
// fallback, least recently used out first).
package ratelimit

import (
	"context"
	"crypto/tls"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/hashicorp/golang-lru/v2/expirable"
	goredis "github.com/redis/go-redis/v9"
	"github.com/zeromicro/go-zero/core/metric"
	"github.com/zeromicro/go-zero/core/stores/redis"
	"golang.org/x/time/rate"

	"github.com/zsuite/common/breakx"
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

// The state a replica keeps per client, bounded in count and in age (each
// entry's own age, checked on read): a client's front (its lease, the time
// it may ask again, the requests waiting) matters for a second or so, and a
// fallback bucket for the length of an outage. Dropping a front costs the
// client nothing but a Redis round trip (its bucket is in Redis); dropping a
// fallback bucket refills it, during an outage only. A front takes about
// 450 B and a front with its fallback bucket 550 to 700 B (TestMemoryPerKey,
// TestOutageCost), so a limiter holds at most about 20 MB however many
// clients come.
const (
	keysKept     = 20_000
	keyLife      = 10 * time.Second
	fallbackKeys = 20_000
	fallbackLife = time.Minute
)

// Rejected counts the requests refused by a limiter, by limiter name.
var Rejected = metric.NewCounterVec(&metric.CounterVecOpts{
	Namespace: "zsuite",
	Subsystem: "ratelimit",
	Name:      "rejected_total",
	Help:      "Requests refused with 429 RATE_LIMITED, by limiter.",
	Labels:    []string{"limiter"},
})

// fellBack counts the requests a limiter answered in process because Redis
// could not.
var fellBack = metric.NewCounterVec(&metric.CounterVecOpts{
	Namespace: "zsuite",
	Subsystem: "ratelimit",
	Name:      "fallback_total",
	Help:      "Requests a limiter judged in process because its Redis did not answer.",
	Labels:    []string{"limiter"},
})

// NewClient is the Redis client the limiters share, on user-api's Redis:
// short timeouts and no retries, since a request waiting on a dead Redis is
// better answered by the fallback.
func NewClient(c redis.RedisConf) goredis.UniversalClient {
	opts := &goredis.UniversalOptions{
		Addrs:         []string{c.Host},
		Username:      c.User,
		Password:      c.Pass,
		IsClusterMode: c.Type == redis.ClusterType,
		Protocol:      c.Protocol,
		DialTimeout:   time.Second,
		ReadTimeout:   time.Second,
		WriteTimeout:  time.Second,
		MaxRetries:    -1,
		DialerRetries: 1,
	}
	if c.Tls {
		opts.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	return goredis.NewUniversalClient(opts)
}

// Limiter is one class of limit ("anonymous", "user", ...) over many clients.
type Limiter struct {
	name     string
	rate     Rate
	limit    redis_rate.Limit
	buckets  *redis_rate.Limiter
	breaker  *breakx.Breaker
	fallback *fallback

	mu    sync.Mutex // makes byKey's get-or-add one step
	byKey *expirable.LRU[string, *client]

	// clock is this replica's: it times leases and refusals only, never a
	// bucket (Redis keeps those by its own), so replicas whose clocks
	// disagree still share one limit.
	clock func() time.Time
}

// New returns the limiter called name, counting in rdb (NewClient).
func New(name string, r Rate, rdb goredis.UniversalClient) *Limiter {
	return &Limiter{
		name:     name,
		rate:     r,
		limit:    redis_rate.Limit{Rate: r.PerSecond, Burst: r.Burst, Period: time.Second},
		buckets:  redis_rate.NewLimiter(rdb),
		breaker:  breakx.New("ratelimit-"+name, func(err error) bool { return err != nil }),
		fallback: newFallback(r),
		byKey:    expirable.NewLRU[string, *client](keysKept, nil, keyLife),
		clock:    time.Now,
	}
}

// Allow takes a token of client key, or returns RATE_LIMITED with when to
// come back.
func (l *Limiter) Allow(ctx context.Context, key string) error {
	if l.client(key).allow(ctx, l, key) {
		return nil
	}
	Rejected.Inc(l.name)
	e := errx.New(errx.RateLimited, "too many requests, slow down")
	e.RetryAfter = time.Duration(float64(time.Second) / float64(max(l.rate.PerSecond, 1)))
	return e
}

// client is key's front, made when there is none (or it expired).
func (l *Limiter) client(key string) *client {
	l.mu.Lock()
	defer l.mu.Unlock()
	if c, ok := l.byKey.Get(key); ok {
		return c
	}
	c := &client{maxLease: l.rate.Burst / 4}
	l.byKey.Add(key, c)
	return c
}

// take asks Redis for up to n tokens of key and says how many it gave and,
// when it gave fewer, how long until the next is due. When Redis cannot
// answer (or the breaker says it cannot), the fallback answers.
func (l *Limiter) take(ctx context.Context, key string, n int) (granted int, next time.Duration) {
	var res *redis_rate.Result
	err := l.breaker.Do(func() error {
		var err error
		res, err = l.buckets.AllowAtMost(ctx, "ratelimit:"+l.name+":"+key, l.limit, n)
		return err
	})
	if err != nil {
		fellBack.Inc(l.name)
		return l.fallback.take(key, n), l.fallback.every
	}
	next = res.RetryAfter
	if next <= 0 {
		next = l.fallback.every
	}
	return res.Allowed, next
}

// UserKey is the key of an authenticated user.
func UserKey(id int64) string { return "u" + strconv.FormatInt(id, 10) }

// demandWindow is how far back a replica counts a client's requests to size
// its next lease; leaseLife is how long a lease may wait to be spent, and so
// the most refill a leased token can be spent after.
const (
	demandWindow = 100 * time.Millisecond
	leaseLife    = 200 * time.Millisecond
)

// client is one client's bucket as this replica sees it: this replica's
// lease of its tokens, when it may ask again after a refusal, and the
// requests waiting while a question about it is out.
type client struct {
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

// allow takes one token: from the lease, or by asking Redis; while a question
// is out, by waiting for the next.
func (c *client) allow(ctx context.Context, l *Limiter, key string) bool {
	c.mu.Lock()
	now := l.clock()
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
			return false
		}
	}
	c.asking = true
	c.mu.Unlock()

	ok := c.ask(ctx, l, key, 1) == 1
	if batch := c.next(l); batch != nil {
		go c.serve(l, key, batch) //nolint:contextcheck // serve asks for the whole batch, with its first request's context minus its cancel
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
func (c *client) next(l *Limiter) []waiter {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := l.clock()
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
// waiter's context without its cancellation; the client's timeouts bound it.
func (c *client) serve(l *Limiter, key string, batch []waiter) {
	for ; batch != nil; batch = c.next(l) {
		granted := c.ask(context.WithoutCancel(batch[0].ctx), l, key, len(batch))
		for i, w := range batch {
			w.answer <- i < granted
		}
	}
}

// ask takes tokens for n requests, and for a lease when the client has been
// busy, in one question, and says how many of the n may pass. What Redis
// gives beyond n is the lease; when it gives fewer than asked, the bucket is
// dry until the next token is due.
func (c *client) ask(ctx context.Context, l *Limiter, key string, n int) int {
	c.mu.Lock()
	lease := min(c.was, c.maxLease)
	c.mu.Unlock()
	want := min(n+lease, max(l.rate.Burst, n))
	granted, next := l.take(ctx, key, want)
	c.mu.Lock()
	defer c.mu.Unlock()
	now := l.clock()
	// A question out of time may be refused too, but says nothing of the bucket.
	if granted < want && ctx.Err() == nil {
		c.dry = now.Add(next)
	}
	if granted > n {
		c.leased, c.lapses = granted-n, now.Add(leaseLife)
		granted = n
	}
	return granted
}

// fallback limits each client in process while Redis cannot: the same rate,
// per replica. Its buckets are bounded in number and age like the fronts.
type fallback struct {
	rate  Rate
	every time.Duration // one token's time

	mu      sync.Mutex
	buckets *expirable.LRU[string, *rate.Limiter]
}

func newFallback(r Rate) *fallback {
	return &fallback{
		rate:    r,
		every:   time.Duration(float64(time.Second) / float64(max(r.PerSecond, 1))),
		buckets: expirable.NewLRU[string, *rate.Limiter](fallbackKeys, nil, fallbackLife),
	}
}

// take takes up to n tokens of key and says how many.
func (f *fallback) take(key string, n int) int {
	f.mu.Lock()
	b, ok := f.buckets.Get(key)
	if !ok {
		b = rate.NewLimiter(rate.Limit(f.rate.PerSecond), f.rate.Burst)
		f.buckets.Add(key, b)
	}
	f.mu.Unlock()
	granted := 0
	for granted < n && b.Allow() {
		granted++
	}
	return granted
}
