package ratelimit

import (
	"context"
	"regexp"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/zsuite/testkit"
)

// scriptCalls is how many times Redis ran a script (EVALSHA, or EVAL the
// first time), from its own command statistics.
func scriptCalls(t *testing.T, addr string) int {
	t.Helper()
	c := goredis.NewClient(&goredis.Options{Addr: addr})
	defer c.Close()
	info, err := c.Info(context.Background(), "commandstats").Result()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range regexp.MustCompile(`cmdstat_(?:evalsha|eval):calls=(\d+)`).FindAllStringSubmatch(info, -1) {
		c, _ := strconv.Atoi(m[1])
		n += c
	}
	return n
}

// A burst of one client's requests at once gets exactly what its bucket
// holds, and costs Redis far fewer scripts than requests.
func TestBurstOfOneClient(t *testing.T) {
	addr := testkit.NewRedis(t)
	const (
		requests = 400
		burst    = 100
	)
	// One token a second: a second boundary crossed during the burst may add one.
	l := newLimiter(t, addr, Rate{PerSecond: 1, Burst: burst})
	before := scriptCalls(t, addr)

	var (
		wg      sync.WaitGroup
		granted atomic.Int64
		start   = make(chan struct{})
	)
	for range requests {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			if l.Allow(context.Background(), "203.0.113.7") == nil {
				granted.Add(1)
			}
		}()
	}
	close(start)
	wg.Wait()

	if g := granted.Load(); g < burst || g > burst+1 {
		t.Fatalf("%d requests at once against a bucket of %d: %d granted", requests, burst, g)
	}
	scripts := scriptCalls(t, addr) - before
	t.Logf("%d requests, %d scripts run by Redis", requests, scripts)
	if scripts > requests/4 {
		t.Fatalf("%d requests of one client made Redis run %d scripts; want them asked about in batches", requests, scripts)
	}
	// Another client has its own bucket.
	if err := l.Allow(context.Background(), "203.0.113.8"); err != nil {
		t.Fatalf("another client: %v", err)
	}
}

// Requests asked about one at a time each take a token: the batch path and
// the lone path count alike.
func TestOneAtATime(t *testing.T) {
	l := newLimiter(t, testkit.NewRedis(t), Rate{PerSecond: 1, Burst: 5})
	ok := 0
	for range 20 {
		if l.Allow(context.Background(), "u1") == nil {
			ok++
		}
	}
	if ok < 5 || ok > 6 {
		t.Fatalf("20 requests in a row against a bucket of 5: %d granted", ok)
	}
}

// hammer sends one client's requests from 8 goroutines for 600 ms (several
// demand windows) and counts them, those granted, and the scripts Redis ran.
func hammer(t *testing.T, rate Rate) (requests, granted, scripts int64) {
	t.Helper()
	addr := testkit.NewRedis(t)
	l := newLimiter(t, addr, rate)
	before := scriptCalls(t, addr)
	start := time.Now()
	var (
		wg   sync.WaitGroup
		n, g atomic.Int64
	)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Since(start) < 600*time.Millisecond {
				n.Add(1)
				if l.Allow(context.Background(), "busy") == nil {
					g.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	scripts = int64(scriptCalls(t, addr) - before)
	t.Logf("%d requests, %d granted, %d scripts run by Redis in %s", n.Load(), g.Load(), scripts, time.Since(start))
	return n.Load(), g.Load(), scripts
}

// A busy client under its limit spends leases: nothing is refused, for far
// fewer round trips than requests.
func TestBusyClientSpendsLeases(t *testing.T) {
	n, g, scripts := hammer(t, Rate{PerSecond: 1_000_000_000, Burst: 1_000_000_000})
	if g != n {
		t.Fatalf("%d requests of a client far under its limit: %d refused", n, n-g)
	}
	if scripts > n/20 {
		t.Fatalf("%d requests of a busy client made Redis run %d scripts; want most answered from leases", n, scripts)
	}
}

// A busy client over its limit gets what its bucket gives, no more, and is
// refused nothing the bucket holds; once the bucket is dry it costs Redis
// nothing more that second.
func TestBusyClientOverItsLimit(t *testing.T) {
	const burst = 20000
	start := time.Now()
	n, g, scripts := hammer(t, Rate{PerSecond: 1, Burst: burst})
	// A lease left unspent when the run stops holds at most a quarter of the
	// burst.
	most := int64(burst + int(time.Since(start).Seconds()) + 1)
	if least := min(n, burst-burst/4); g > min(n, most) || g < least {
		t.Fatalf("%d requests against a bucket of %d: %d granted, want %d to %d", n, burst, g, least, min(n, most))
	}
	if scripts > n/20 {
		t.Fatalf("%d requests of a client over its limit made Redis run %d scripts", n, scripts)
	}
}
