package cachex

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Reads of a row that miss at once share one fetch, so copies that expire
// together (rows read together) do not send one call per read; a read that
// starts after a change of the row never joins a fetch that began before it.
func TestMirrorJoinsMissesButNotAcrossAChange(t *testing.T) {
	m := NewMirror[int](LocalConf{Enabled: true, Expiry: time.Minute, Limit: 10}, "test")
	var fetches, current atomic.Int32
	current.Store(1)
	release := make(chan struct{})
	// A fetch returns the row as it was when the fetch began.
	fetch := func() (int, error) {
		fetches.Add(1)
		v := current.Load()
		<-release
		return int(v), nil
	}
	var wg sync.WaitGroup
	read := func(ok func(int) bool) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got, err := m.Get(1, fetch); err != nil || !ok(got) {
				t.Errorf("Get = %d, %v", got, err)
			}
		}()
	}
	// Those that start before the change join its fetch (1), the others
	// the one after (2).
	for range 100 {
		read(func(v int) bool { return v == 1 || v == 2 })
	}
	waitFor(t, func() bool { return fetches.Load() == 1 })
	current.Store(2) // a change while the fetch is in flight
	m.Drop(1)
	read(func(v int) bool { return v == 2 })
	waitFor(t, func() bool { return fetches.Load() == 2 })
	time.Sleep(50 * time.Millisecond)
	close(release)
	wg.Wait()
	if n := fetches.Load(); n != 2 {
		t.Fatalf("%d fetches for 101 reads across one change, want 2", n)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for start := time.Now(); !cond(); time.Sleep(time.Millisecond) {
		if time.Since(start) > 5*time.Second {
			t.Fatal("timed out")
		}
	}
}
