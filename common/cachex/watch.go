package cachex

import (
	"context"
	"errors"
	"slices"
)

// ErrWatcherBehind ends a Watch whose caller did not take the changes as fast
// as they came: its copies may miss some, and it should start again.
var ErrWatcherBehind = errors.New("cachex: the watcher fell behind the invalidations")

// errClosed ends a Watch when its Local is closed.
var errClosed = errors.New("cachex: the local cache is closed")

// watchQueue is how many changes a watcher may have waiting to be sent.
const watchQueue = 4096

// watchEvent is a change a watcher is told: keys invalidated, or (keys nil)
// whether the Local is subscribed.
type watchEvent struct {
	keys []string
	live bool
}

// watcher is a Watch call's queue of changes.
type watcher struct {
	events chan watchEvent
	// behind is closed when a change did not fit in events.
	behind chan struct{}
}

// notify queues e for every watcher; one whose queue is full is dropped (its
// Watch returns ErrWatcherBehind). Called with l.mu held.
func (l *Local) notify(e watchEvent) {
	for w := range l.watchers {
		select {
		case w.events <- e:
		default:
			close(w.behind)
			delete(l.watchers, w)
		}
	}
}

// Watch tells send every change of l's rows, for a process that keeps copies
// of them elsewhere (another service, through a stream): first whether l is
// subscribed to the invalidations (keys nil), then the keys of each
// invalidation as it arrives, and live false as soon as the subscription is
// lost (changes may be missed from then on, so no copy may be trusted) and
// true once it is back. Invalidations waiting are sent together. It returns
// when ctx ends, send fails, l is closed, or the caller falls behind by more
// than watchQueue changes (ErrWatcherBehind).
func (l *Local) Watch(ctx context.Context, send func(keys []string, live bool) error) error {
	w := &watcher{events: make(chan watchEvent, watchQueue), behind: make(chan struct{})}
	l.mu.Lock()
	if l.watchers == nil {
		l.watchers = make(map[*watcher]struct{})
	}
	l.watchers[w] = struct{}{}
	live := l.live.Load()
	l.mu.Unlock()
	defer func() {
		l.mu.Lock()
		delete(l.watchers, w)
		l.mu.Unlock()
	}()

	if err := send(nil, live); err != nil {
		return err
	}
	var next *watchEvent
	for {
		var e watchEvent
		if next != nil {
			e, next = *next, nil
		} else {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-l.done:
				return errClosed
			case <-w.behind:
				return ErrWatcherBehind
			case e = <-w.events:
			}
		}
		// The invalidations waiting behind e, with the same state, go with it.
		for more := e.keys != nil; more; {
			select {
			case n := <-w.events:
				if n.keys == nil || n.live != e.live {
					next, more = &n, false
				} else {
					e.keys = append(slices.Clip(e.keys), n.keys...)
				}
			default:
				more = false
			}
		}
		if err := send(e.keys, e.live); err != nil {
			return err
		}
	}
}
