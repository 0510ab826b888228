// Package groupcommit applies concurrent calls together, in batches that form
// only under contention: a call that finds no batch in flight is applied at
// once, alone, in its caller's goroutine; the calls that arrive while a batch
// is in flight wait and form the next batch, up to a bounded size. There is
// no timer: a lone call waits for nothing, and under load a batch is as large
// as what arrived during the previous one.
//
// inventory-rpc uses it to take a hot product's row lock once per batch of
// orders instead of once per order (inventory-rpc/internal/model/batch.go).
package groupcommit

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Apply applies a batch of inputs and returns one output per input, in the
// same order. An error fails every call of the batch. ctx carries the values
// of the batch's first call and the latest deadline of its calls.
type Apply[In, Out any] func(ctx context.Context, batch []In) ([]Out, error)

// Batcher applies calls in batches of at most Max, one batch in flight at a
// time. Two calls with the same key never share a batch (the second waits
// for the next one), so that Apply may take each key as distinct.
type Batcher[K comparable, In, Out any] struct {
	max   int
	key   func(In) K
	apply Apply[In, Out]

	mu       sync.Mutex
	queue    []*call[In, Out]
	inFlight bool // a batch is being applied, or its goroutine is taking the next one
}

type call[In, Out any] struct {
	ctx  context.Context
	in   In
	out  Out
	err  error
	done chan struct{}
}

// New returns a Batcher that applies batches of at most max calls with apply.
func New[K comparable, In, Out any](max int, key func(In) K, apply Apply[In, Out]) *Batcher[K, In, Out] {
	return &Batcher[K, In, Out]{max: max, key: key, apply: apply}
}

// Do applies in, alone when no batch is in flight, else in the next batch,
// and returns its output. It returns ctx's error when ctx ends first; the
// call may then still be applied, as a call cut off in flight may be.
func (b *Batcher[K, In, Out]) Do(ctx context.Context, in In) (Out, error) {
	c := &call[In, Out]{ctx: ctx, in: in, done: make(chan struct{})}
	b.mu.Lock()
	b.queue = append(b.queue, c)
	if b.inFlight {
		b.mu.Unlock()
		select {
		case <-c.done:
			return c.out, c.err
		case <-ctx.Done():
			var zero Out
			return zero, ctx.Err()
		}
	}
	// No batch in flight: this caller applies the next one itself (just its
	// own call, and whatever arrived in the meantime), then leaves any
	// later ones to a goroutine so that its own answer is not held up.
	b.inFlight = true
	b.mu.Unlock()
	b.applyNext()
	if b.more() {
		go b.drain()
	}
	<-c.done
	return c.out, c.err
}

// more reports whether calls are waiting; when none are, the Batcher is idle.
func (b *Batcher[K, In, Out]) more() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.queue) == 0 {
		b.inFlight = false
		return false
	}
	return true
}

func (b *Batcher[K, In, Out]) drain() {
	for b.more() {
		b.applyNext()
	}
}

// applyNext takes up to max waiting calls, oldest first and one per key,
// answers those whose caller has gone without applying them, and applies the
// rest as one batch.
func (b *Batcher[K, In, Out]) applyNext() {
	b.mu.Lock()
	var (
		batch []*call[In, Out]
		rest  = b.queue[:0:0]
		keys  = make(map[K]bool, min(len(b.queue), b.max))
	)
	for _, c := range b.queue {
		k := b.key(c.in)
		if len(batch) == b.max || keys[k] {
			rest = append(rest, c)
			continue
		}
		if err := c.ctx.Err(); err != nil {
			c.err = err
			close(c.done)
			continue
		}
		keys[k] = true
		batch = append(batch, c)
	}
	b.queue = rest
	b.mu.Unlock()
	if len(batch) == 0 {
		return
	}

	ctx, cancel := batchContext(batch)
	defer cancel()
	ins := make([]In, len(batch))
	for i, c := range batch {
		ins[i] = c.in
	}
	outs, err := b.safeApply(ctx, ins)
	for i, c := range batch {
		if err == nil {
			c.out = outs[i]
		}
		c.err = err
		close(c.done)
	}
}

// safeApply is apply, with a panic or a wrong number of outputs turned into
// the batch's error: a caller waiting for its answer must always get one.
func (b *Batcher[K, In, Out]) safeApply(ctx context.Context, ins []In) (outs []Out, err error) {
	defer func() {
		if p := recover(); p != nil {
			outs, err = nil, fmt.Errorf("apply a batch of %d: panic: %v", len(ins), p)
		}
	}()
	outs, err = b.apply(ctx, ins)
	if err == nil && len(outs) != len(ins) {
		return nil, fmt.Errorf("apply a batch of %d: %d outputs", len(ins), len(outs))
	}
	return outs, err
}

// batchContext is the first call's context without its cancellation, bounded
// by the latest deadline of the batch's calls (none when a call has none): a
// caller that gives up must not fail the others' batch.
func batchContext[In, Out any](batch []*call[In, Out]) (context.Context, context.CancelFunc) {
	ctx := context.WithoutCancel(batch[0].ctx)
	var latest time.Time
	for _, c := range batch {
		d, ok := c.ctx.Deadline()
		if !ok {
			return ctx, func() {}
		}
		if d.After(latest) {
			latest = d
		}
	}
	return context.WithDeadline(ctx, latest)
}
