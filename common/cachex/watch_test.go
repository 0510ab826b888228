package cachex

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

// A watcher is told first whether the Local is subscribed, then the keys of
// every delete, through this Local or another on the same Redis, in order;
// one that stops taking them is dropped once watchQueue changes wait, and
// its Watch ends with ErrWatcherBehind instead of holding the Local up.
func TestWatchTellsEveryChangeAndDropsOneBehind(t *testing.T) {
	l, c := newLocal(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	type change struct {
		keys []string
		live bool
	}
	got := make(chan change, 16)
	hold := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- l.Watch(ctx, func(keys []string, live bool) error {
			got <- change{keys, live}
			if slices.Contains(keys, "hold") {
				<-hold
			}
			return nil
		})
	}()
	next := func() change {
		t.Helper()
		select {
		case ch := <-got:
			return ch
		case err := <-done:
			t.Fatalf("Watch ended: %v", err)
		case <-time.After(5 * time.Second):
			t.Fatal("nothing told within 5 s")
		}
		return change{}
	}
	if first := next(); first.keys != nil || !first.live {
		t.Fatalf("first message %+v, want no keys and live", first)
	}
	var told []string
	for _, k := range []string{"a", "b", "c"} {
		if err := c.DelCtx(ctx, k); err != nil {
			t.Fatal(err)
		}
	}
	// Each delete is told twice: by this process at once, and by the
	// message every Local on the Redis receives.
	for !slices.Contains(told, "c") || len(told) < 6 {
		told = append(told, next().keys...)
	}
	for _, k := range []string{"a", "b", "c"} {
		if n := len(slices.DeleteFunc(slices.Clone(told), func(s string) bool { return s != k })); n != 2 {
			t.Errorf("%q told %d times, want 2 (%v)", k, n, told)
		}
	}

	// Hold the watcher in its send; the changes after it pile up.
	if err := c.DelCtx(ctx, "hold"); err != nil {
		t.Fatal(err)
	}
	for held := false; !held; {
		held = slices.Contains(next().keys, "hold")
	}
	for i := range watchQueue + 1 {
		l.invalidate([]string{"k" + string(rune('a'+i%26))})
	}
	close(hold)
	for {
		select {
		case <-got:
			continue
		case err := <-done:
			if !errors.Is(err, ErrWatcherBehind) {
				t.Fatalf("Watch ended with %v, want ErrWatcherBehind", err)
			}
			return
		case <-time.After(5 * time.Second):
			t.Fatal("the watcher that fell behind was not dropped")
		}
	}
}
