package groupcommit

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"
)

// recorder applies a batch by recording it and answering each input doubled;
// while gate is open it holds every batch until told to go on.
type recorder struct {
	mu      sync.Mutex
	batches [][]int
	hold    chan struct{} // when set, a batch waits for a value from it
	started chan struct{} // when set, a batch says it started
}

func (r *recorder) apply(_ context.Context, batch []int) ([]int, error) {
	if r.started != nil {
		r.started <- struct{}{}
	}
	if r.hold != nil {
		<-r.hold
	}
	r.mu.Lock()
	r.batches = append(r.batches, slices.Clone(batch))
	r.mu.Unlock()
	out := make([]int, len(batch))
	for i, in := range batch {
		out[i] = 2 * in
	}
	return out, nil
}

func identity(i int) int { return i }

// waitQueued waits until n calls wait behind the batch in flight.
func waitQueued(t *testing.T, b *Batcher[int, int, int], n int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; {
		b.mu.Lock()
		queued := len(b.queue)
		b.mu.Unlock()
		if queued == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d calls queued, want %d", queued, n)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestALoneCallIsAppliedAtOnceAlone(t *testing.T) {
	r := &recorder{}
	b := New(8, identity, r.apply)
	for i := range 3 {
		out, err := b.Do(context.Background(), i)
		if err != nil || out != 2*i {
			t.Fatalf("Do(%d) = %d, %v; want %d, nil", i, out, err, 2*i)
		}
	}
	if want := [][]int{{0}, {1}, {2}}; !slices.EqualFunc(r.batches, want, slices.Equal) {
		t.Fatalf("batches %v, want %v (one call each)", r.batches, want)
	}
}

// Calls that arrive while a batch is in flight wait for it and are applied
// together in the next batch, at most max at a time, one per key.
func TestCallsArrivingDuringABatchFormTheNextOnes(t *testing.T) {
	r := &recorder{hold: make(chan struct{}), started: make(chan struct{}, 100)}
	const max = 4
	b := New(max, func(i int) int { return i % 10 }, r.apply)

	var wg sync.WaitGroup
	outs := make([]int, 11)
	do := func(i int) {
		wg.Go(func() {
			out, err := b.Do(context.Background(), i)
			if err != nil {
				t.Errorf("Do(%d): %v", i, err)
			}
			outs[i] = out
		})
	}
	do(0)
	<-r.started // the first batch, {0}, is in flight
	for i := 1; i <= 10; i++ {
		do(i)
	}
	waitQueued(t, b, 10)
	go func() {
		for range r.started {
			r.hold <- struct{}{}
		}
	}()
	r.hold <- struct{}{}
	wg.Wait()
	close(r.started)

	for i, out := range outs {
		if out != 2*i {
			t.Errorf("call %d answered %d, want %d", i, out, 2*i)
		}
	}
	if len(r.batches) < 1+10/max || len(r.batches[0]) != 1 {
		t.Fatalf("batches %v: want {0}, then the other ten in batches of at most %d", r.batches, max)
	}
	var seen []int
	for _, batch := range r.batches[1:] {
		if len(batch) > max {
			t.Errorf("batch %v holds more than %d", batch, max)
		}
		keys := map[int]bool{}
		for _, in := range batch {
			if keys[in%10] {
				t.Errorf("batch %v holds key %d twice", batch, in%10)
			}
			keys[in%10] = true
		}
		seen = append(seen, batch...)
	}
	slices.Sort(seen)
	if !slices.Equal(seen, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}) {
		t.Errorf("the later batches applied %v, want 1..10 once each", seen)
	}
}

func TestAFailedBatchFailsEveryCallOfIt(t *testing.T) {
	boom := errors.New("boom")
	started, hold := make(chan struct{}), make(chan struct{})
	calls := 0
	b := New(8, identity, func(_ context.Context, batch []int) ([]int, error) {
		calls++
		if calls == 1 {
			started <- struct{}{}
			<-hold
			return []int{0}, nil
		}
		return nil, boom
	})
	var wg sync.WaitGroup
	wg.Go(func() { _, _ = b.Do(context.Background(), 0) })
	<-started
	errs := make([]error, 3)
	for i := range errs {
		wg.Go(func() { _, errs[i] = b.Do(context.Background(), i+1) })
	}
	waitQueued(t, b, 3)
	close(hold)
	wg.Wait()
	for i, err := range errs {
		if !errors.Is(err, boom) {
			t.Errorf("call %d: %v, want the batch's error", i+1, err)
		}
	}
}

func TestAPanicOrAWrongAnswerFailsTheBatchWithoutHangingIt(t *testing.T) {
	b := New(8, identity, func(_ context.Context, batch []int) ([]int, error) {
		if batch[0] == 0 {
			panic("bad")
		}
		return nil, nil // no output for the input
	})
	if _, err := b.Do(context.Background(), 0); err == nil {
		t.Error("a panicking batch answered no error")
	}
	if _, err := b.Do(context.Background(), 1); err == nil {
		t.Error("a batch that answered nothing answered no error")
	}
}

// A caller that gives up while waiting gets its context's error, and its
// call, not applied yet, is left out of the next batch.
func TestCallersThatGiveUp(t *testing.T) {
	r := &recorder{hold: make(chan struct{}), started: make(chan struct{}, 10)}
	b := New(8, identity, r.apply)
	var wg sync.WaitGroup
	wg.Go(func() { _, _ = b.Do(context.Background(), 0) })
	<-r.started

	gone, cancel := context.WithCancel(context.Background())
	var goneErr error
	goneDone := make(chan struct{})
	go func() { _, goneErr = b.Do(gone, 1); close(goneDone) }()
	short, cancelShort := context.WithTimeout(context.Background(), time.Hour)
	defer cancelShort()
	var out int
	var err error
	wg.Go(func() { out, err = b.Do(short, 2) })
	waitQueued(t, b, 2)
	cancel()
	<-goneDone
	r.hold <- struct{}{}
	<-r.started
	r.hold <- struct{}{}
	wg.Wait()
	if !errors.Is(goneErr, context.Canceled) {
		t.Errorf("the caller that gave up got %v, want context.Canceled", goneErr)
	}
	if err != nil || out != 4 {
		t.Errorf("the other call = %d, %v; want 4, nil", out, err)
	}
	if want := [][]int{{0}, {2}}; !slices.EqualFunc(r.batches, want, slices.Equal) {
		t.Errorf("batches %v, want %v (the abandoned call not applied)", r.batches, want)
	}
}
