package rpcx

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestRetryAtStartTriesAgainUntilItWorks(t *testing.T) {
	n := 0
	err := retryAtStart(context.Background(), "a step", time.Minute, func(context.Context) error {
		if n++; n < 3 {
			return errors.New("lookup db: no such host")
		}
		return nil
	})
	if err != nil || n != 3 {
		t.Fatalf("after %d attempts: %v; want success at the third", n, err)
	}
}

func TestRetryAtStartGivesUpAfterItsPatience(t *testing.T) {
	start, n := time.Now(), 0
	refused := errors.New("connection refused")
	err := retryAtStart(context.Background(), "a step", 600*time.Millisecond, func(context.Context) error {
		n++
		return refused
	})
	if !errors.Is(err, refused) {
		t.Fatalf("got %v, want the last error", err)
	}
	if d := time.Since(start); d < 600*time.Millisecond || d > 2*time.Second || n < 2 {
		t.Fatalf("gave up after %s and %d attempts; want about 600ms and a few", d, n)
	}
}
