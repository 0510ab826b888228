package ratelimit

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zsuite/testkit"
)

// inUse is the memory in use after a full collection: heap and goroutine
// stacks.
func inUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse + m.StackInuse
}

// What a Redis outage costs a limiter: 20,000 distinct clients (an attacker
// rotating addresses) each send a request while user-api's Redis is down. The
// goroutines must not grow with the clients (one health probe per limiter,
// not one per key), and the memory must stay within the keys' cap.
//
// The figures in docs/operations.md come from this test:
//
//	go test -count=1 -run TestOutageCost -v ./user-api/internal/ratelimit/
func TestOutageCost(t *testing.T) {
	srv := testkit.NewRedisServer(t)
	l := newLimiter(t, srv.Addr, Rate{PerSecond: 20, Burst: 40})
	ctx := context.Background()
	if err := l.Allow(ctx, "warm"); err != nil {
		t.Fatalf("with Redis up: %v", err)
	}
	srv.Stop()

	const keys = 20_000
	goroutines, heap := runtime.NumGoroutine(), inUse()
	start := time.Now()
	// The clients come at once, as they would: a request that waits for a
	// dead Redis does not hold the next one back.
	var (
		wg      sync.WaitGroup
		refused atomic.Int64
		next    = make(chan int)
	)
	for range 1000 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if l.Allow(ctx, fmt.Sprintf("198.51.%d.%d", i/256, i%256)) != nil {
					refused.Add(1)
				}
			}
		}()
	}
	for i := range keys {
		next <- i
	}
	close(next)
	wg.Wait()
	took := time.Since(start)
	// Let whatever the outage started run for a moment.
	time.Sleep(300 * time.Millisecond)
	dg := runtime.NumGoroutine() - goroutines
	dh := int64(inUse()) - int64(heap)
	t.Logf("Redis down, %d distinct keys in %s: %d refused, %+d goroutines, %+.1f MB of heap and stacks in use (%d B a key)",
		keys, took.Round(time.Millisecond), refused.Load(), dg, float64(dh)/(1<<20), dh/keys)
	if n := refused.Load(); n > 0 {
		t.Errorf("%d of %d first requests refused while Redis is down; the limiters fail open to a limit in process", n, keys)
	}
	if dg > 50 {
		t.Errorf("%d distinct keys during an outage started %d goroutines; want one probe per limiter, not one per key", keys, dg)
	}
	if dh > 20<<20 {
		t.Errorf("%d distinct keys during an outage took %.1f MB; want at most 20 MB", keys, float64(dh)/(1<<20))
	}
}

// After an outage the limiter counts in Redis again within about two seconds
// (the breaker probes a second after it opened; go-redis dials again within a
// second), under a steady load of the client, and answers every request
// meanwhile from its fallback.
func TestBackToRedisAfterRestart(t *testing.T) {
	srv := testkit.NewRedisServer(t)
	l := newLimiter(t, srv.Addr, Rate{PerSecond: 1000, Burst: 1000})
	ctx := context.Background()
	srv.Stop()
	for range 100 {
		if err := l.Allow(ctx, "steady"); err != nil {
			t.Fatalf("while Redis is down: %v", err)
		}
	}
	srv.Start(t)
	restored := time.Now()
	for {
		before := scriptCalls(t, srv.Addr)
		if err := l.Allow(ctx, "steady"); err != nil {
			t.Fatalf("after the restore: %v", err)
		}
		if scriptCalls(t, srv.Addr) > before {
			break
		}
		if time.Since(restored) > 3*time.Second {
			t.Fatalf("3 s after Redis is back, the limiter still does not ask it")
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("counting in Redis again %s after it was back", time.Since(restored).Round(time.Millisecond))
}
