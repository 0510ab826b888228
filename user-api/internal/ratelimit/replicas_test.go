package ratelimit

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/zsuite/testkit"
)

// Two replicas whose clocks disagree by two seconds share one client's limit
// on one Redis: over the whole run and over every shorter span, the client
// passes no more than one bucket gives across both, plus what a lease can
// carry past its time (leaseLife's refill). Each replica is a Limiter of its
// own with a client of its own, as two processes would have.
func TestReplicasWithSkewedClocksShareOneLimit(t *testing.T) {
	addr := testkit.NewRedis(t)
	r := Rate{PerSecond: 10, Burst: 10}
	a, b := newLimiter(t, addr, r), newLimiter(t, addr, r)
	b.clock = func() time.Time { return time.Now().Add(-2 * time.Second) }

	var (
		mu      sync.Mutex
		granted []time.Time
		wg      sync.WaitGroup
	)
	const run = 3 * time.Second
	start := time.Now()
	for _, l := range []*Limiter{a, b, a, b, a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Since(start) < run {
				if l.Allow(context.Background(), "shared") == nil {
					mu.Lock()
					granted = append(granted, time.Now())
					mu.Unlock()
				}
				time.Sleep(time.Millisecond)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.SortFunc(granted, func(x, y time.Time) int { return x.Compare(y) })

	// most is what one bucket gives over a span, plus a lease's carry.
	most := func(span time.Duration) int {
		return r.Burst + int(float64(r.PerSecond)*(span+leaseLife).Seconds())
	}
	t.Logf("%d granted in %s across two replicas 2 s apart, at most %d allowed", len(granted), elapsed.Round(time.Millisecond), most(elapsed))
	if len(granted) > most(elapsed) {
		t.Fatalf("two replicas with skewed clocks passed %d requests of one client in %s; one bucket gives at most %d",
			len(granted), elapsed.Round(time.Millisecond), most(elapsed))
	}
	for _, span := range []time.Duration{250 * time.Millisecond, 500 * time.Millisecond, time.Second} {
		worst := 0
		for i := range granted {
			j, _ := slices.BinarySearchFunc(granted, granted[i].Add(span), func(x, t time.Time) int { return x.Compare(t) })
			worst = max(worst, j-i)
		}
		if worst > most(span) {
			t.Errorf("%d requests passed within %s; one bucket, leases included, gives at most %d", worst, span, most(span))
		} else {
			t.Logf("at most %d requests within %s (bound %d)", worst, span, most(span))
		}
	}
}
