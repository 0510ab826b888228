// Package ratelimit limits every client of user-api: per user on the routes
// that act for one, per client address on the others. The counts live in
// user-api's own Redis (go-zero's limit.TokenLimiter, shared by every
// replica); while that Redis is down each replica limits on its own with the
// in-process limiter TokenLimiter falls back to.
package ratelimit

import (
	"context"
	"strconv"
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
		return limit.NewTokenLimiter(l.rate.PerSecond, l.rate.Burst, l.rds, "ratelimit:"+l.name+":"+key), nil
	})
	if v.(*limit.TokenLimiter).AllowCtx(ctx) {
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
