package testkit

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// SeenWithin runs change, then measures how long reads keep missing it:
// readers goroutines call seen in a loop all along (the load a replica serves
// while the change reaches it), and the answer is the latest start, after
// change returned, of a read that did not see it (0 when none). It returns
// once a read that started after that has seen the change, and fails t when
// the answer exceeds bound or nothing sees the change within a second. The
// start of a read rather than its end counts, so that a reader the scheduler
// delays does not count as a stale answer. seen runs on other goroutines: it
// must not call t.Fatal.
func SeenWithin(t testing.TB, bound time.Duration, readers int, change func(), seen func() bool) time.Duration {
	t.Helper()
	var (
		changed   atomic.Int64 // UnixNano when change returned, 0 before
		lastStale atomic.Int64 // the latest start of a stale read after changed
		firstSeen atomic.Int64 // the earliest start of a read that saw it
		stop      = make(chan struct{})
		wg        sync.WaitGroup
	)
	read := func() {
		start := time.Now().UnixNano()
		ok := seen()
		c := changed.Load()
		switch {
		case c == 0 || start < c:
		case !ok:
			for old := lastStale.Load(); start > old && !lastStale.CompareAndSwap(old, start); old = lastStale.Load() {
			}
		default:
			firstSeen.CompareAndSwap(0, start)
		}
	}
	for range readers {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
					read()
					// Like a server's handlers, which wait for the network
					// between requests: readers that never yield would keep
					// the goroutine that brings the change from running.
					runtime.Gosched()
				}
			}
		})
	}
	time.Sleep(20 * time.Millisecond) // the readers are reading
	change()
	changed.Store(time.Now().UnixNano())
	deadline := time.Now().Add(time.Second)
	for {
		read()
		if f := firstSeen.Load(); f != 0 && f > lastStale.Load() {
			break
		}
		if time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Millisecond)
	}
	close(stop)
	wg.Wait()
	if firstSeen.Load() == 0 {
		t.Fatalf("change not seen a second after it returned")
	}
	stale := time.Duration(0)
	if s := lastStale.Load(); s != 0 {
		stale = time.Duration(s - changed.Load())
	}
	if stale > bound {
		t.Fatalf("a read that began %v after the change returned still missed it (bound %v)", stale, bound)
	}
	return stale
}
