// Package breakx is the suite's circuit breaker: one per dependency, fed only
// by that dependency's failures, and quick to close again once it is back.
//
// go-zero's breaker (core/breaker) judges the last ten seconds, so after an
// outage it keeps refusing a share of calls for five to seven seconds
// although the dependency answers again (docs/operations.md). This one
// (sony/gobreaker) opens when half of its calls fail (or after a long run of
// failures),
// stays open for OpenFor, then lets a few probe calls through and closes on
// their success: the first call after a recovery succeeds within OpenFor and
// none is refused after it.
package breakx

import (
	"context"
	"errors"
	"time"

	"github.com/sony/gobreaker/v2"
	"github.com/zeromicro/go-zero/core/breaker"
	"github.com/zeromicro/go-zero/core/metric"
)

// OpenFor is how long an open breaker refuses calls before it probes.
const OpenFor = time.Second

var (
	rejected = metric.NewCounterVec(&metric.CounterVecOpts{
		Namespace: "zsuite",
		Subsystem: "breaker",
		Name:      "rejected_total",
		Help:      "Calls refused because the breaker of their dependency was open.",
		Labels:    []string{"breaker"},
	})
	open = metric.NewGaugeVec(&metric.GaugeVecOpts{
		Namespace: "zsuite",
		Subsystem: "breaker",
		Name:      "open",
		Help:      "1 while the breaker of a dependency is open or probing, 0 while it is closed.",
		Labels:    []string{"breaker"},
	})
)

// Breaker guards the calls to one dependency.
type Breaker struct {
	name string
	cb   *gobreaker.CircuitBreaker[struct{}]
}

// New returns a breaker named name (the metrics' label) that counts a call
// as failed when failure says so. Any other error (a client's mistake, a
// refusal the dependency answered) counts as a success, and a call its
// caller cancelled does not count at all.
func New(name string, failure func(error) bool) *Breaker {
	open.Set(0, name)
	return &Breaker{name: name, cb: gobreaker.NewCircuitBreaker[struct{}](gobreaker.Settings{
		Name: name,
		// Probe calls let through once OpenFor has passed.
		MaxRequests: 3,
		// Counts roll over ten one-second buckets while closed.
		Interval:     10 * time.Second,
		BucketPeriod: time.Second,
		Timeout:      OpenFor,
		// Half of the calls failing, over enough of them that a few slow
		// calls under contention do not open it; or a run of failures, for
		// a dependency called rarely.
		ReadyToTrip: func(c gobreaker.Counts) bool {
			return c.ConsecutiveFailures >= 20 ||
				(c.Requests >= 20 && c.TotalFailures*2 >= c.Requests)
		},
		IsSuccessful: func(err error) bool { return err == nil || !failure(err) },
		IsExcluded:   func(err error) bool { return errors.Is(err, context.Canceled) },
		OnStateChange: func(name string, _, to gobreaker.State) {
			if to == gobreaker.StateClosed {
				open.Set(0, name)
			} else {
				open.Set(1, name)
			}
		},
	})}
}

// Do runs call unless the breaker is open; then it returns go-zero's
// breaker.ErrServiceUnavailable at once, which errx answers as UNAVAILABLE.
func (b *Breaker) Do(call func() error) error {
	_, err := b.cb.Execute(func() (struct{}, error) { return struct{}{}, call() })
	if errors.Is(err, gobreaker.ErrOpenState) || errors.Is(err, gobreaker.ErrTooManyRequests) {
		rejected.Inc(b.name)
		return breaker.ErrServiceUnavailable
	}
	return err
}
