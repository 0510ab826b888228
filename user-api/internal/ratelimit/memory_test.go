package ratelimit

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/zsuite/testkit"
)

// The memory a limiter keeps per client, with Redis up (a front) and down (a
// front and a fallback bucket), and the caps that bound it: however many
// clients come, a limiter keeps at most keysKept fronts and fallbackKeys
// fallback buckets. The figures in docs/operations.md come from
//
//	go test -count=1 -run 'TestMemoryPerKey|TestOutageCost' -v ./user-api/internal/ratelimit/
func TestMemoryPerKey(t *testing.T) {
	srv := testkit.NewRedisServer(t)
	l := newLimiter(t, srv.Addr, Rate{PerSecond: 20, Burst: 40})
	send := func(from, to int) {
		var wg sync.WaitGroup
		next := make(chan int)
		for range 64 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					_ = l.Allow(context.Background(), fmt.Sprintf("2001:db8:%x::", i))
				}
			}()
		}
		for i := from; i < to; i++ {
			next <- i
		}
		close(next)
		wg.Wait()
	}

	const keys = 20_000
	before := inUse()
	send(0, keys)
	front := (int64(inUse()) - int64(before)) / keys
	t.Logf("Redis up: %d B a client (its front)", front)

	// More clients than the cap: the least recently seen go.
	send(keys, keysKept+keys)
	if n := l.byKey.Len(); n > keysKept {
		t.Fatalf("%d fronts kept after %d clients, over the cap of %d", n, keysKept+keys, keysKept)
	}
	srv.Stop()
	send(0, fallbackKeys+keys)
	if n := l.fallback.buckets.Len(); n > fallbackKeys {
		t.Fatalf("%d fallback buckets kept after %d clients, over the cap of %d", n, fallbackKeys+keys, fallbackKeys)
	}
	total := int64(inUse()) - int64(before)
	t.Logf("at both caps (%d fronts, %d fallback buckets): %.1f MB", l.byKey.Len(), l.fallback.buckets.Len(), float64(total)/(1<<20))
	if total > 24<<20 {
		t.Fatalf("a limiter at its caps holds %.1f MB; want at most 24 MB", float64(total)/(1<<20))
	}
}
