package cachex

import (
	"context"
	"reflect"
	"testing"
	"time"

	red "github.com/redis/go-redis/v9"
	"github.com/zeromicro/go-zero/core/stores/cache"
	"github.com/zeromicro/go-zero/core/stores/redis"

	"github.com/zsuite/testkit"
)

type row struct {
	ID   int64
	Name string
	At   time.Time
}

type withSlice struct {
	ID   int64
	Tags []string
}

func TestFlat(t *testing.T) {
	var primary any = float64(3)
	for _, c := range []struct {
		v    any
		want bool
	}{
		{row{ID: 1, Name: "a", At: time.Now()}, true},
		{primary, true},
		{withSlice{ID: 1}, false},
		{&row{}, false},
		{map[string]int{}, false},
	} {
		v := c.v
		if got := flat(reflect.ValueOf(&v).Elem()); got != c.want {
			t.Errorf("flat(%T) = %v, want %v", c.v, got, c.want)
		}
	}
}

func newLocal(t *testing.T) (*Local, cache.Cache) {
	t.Helper()
	c := cache.CacheConf{{RedisConf: redis.RedisConf{Host: testkit.NewRedis(t), Type: redis.NodeType}, Weight: 100}}
	l, err := NewLocal(c, LocalConf{Enabled: true, Expiry: time.Minute, Limit: 100}, "test")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Close() })
	return l, l.Front(c)
}

// A copy handed out is the caller's: changing it changes nothing kept. A
// value with references is never kept (every read asks Redis).
func TestLocalHandsOutCopies(t *testing.T) {
	_, c := newLocal(t)
	ctx := context.Background()
	queries := 0
	for range 3 {
		var r row
		if err := c.TakeCtx(ctx, &r, "row", func(v any) error {
			queries++
			*v.(*row) = row{ID: 1, Name: "a"}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if r.Name != "a" {
			t.Fatalf("read %+v, want the row as stored", r)
		}
		r.Name = "changed by the caller"
	}
	if queries != 1 {
		t.Fatalf("%d queries, want 1", queries)
	}

	var w withSlice
	take := func() {
		if err := c.TakeCtx(ctx, &w, "slice", func(v any) error {
			*v.(*withSlice) = withSlice{ID: 1, Tags: []string{"x"}}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	take()
	w.Tags[0] = "changed by the caller"
	take()
	if w.Tags[0] != "x" {
		t.Fatalf("a value with a slice was shared: %+v", w)
	}
}

// A Local is not a single Redis node's: refused.
func TestLocalNeedsOneNode(t *testing.T) {
	if _, err := NewLocal(cache.CacheConf{}, LocalConf{Enabled: true, Expiry: time.Second, Limit: 1}, "x"); err == nil {
		t.Fatal("NewLocal without a node succeeded")
	}
	if l, err := NewLocal(cache.CacheConf{}, LocalConf{}, "x"); l != nil || err != nil {
		t.Fatalf("disabled: NewLocal = %v, %v; want nil, nil", l, err)
	}
}

// A subscription taken for lost because Redis answered a ping late (here:
// every client paused for 2.5 s), not because the connection broke, is
// trusted again once the answer arrives: go-redis keeps the connection, so
// no new subscription would ever say so, and the process kept no copy from
// then on.
func TestLateAnswerToAPingEndsTheLoss(t *testing.T) {
	l, _ := newLocal(t)
	if !l.live.Load() {
		t.Fatal("not subscribed at start")
	}
	admin := red.NewClient(&red.Options{Addr: l.client.(*red.Client).Options().Addr})
	defer admin.Close()
	if err := admin.Do(context.Background(), "client", "pause", "2500", "all").Err(); err != nil {
		t.Fatal(err)
	}
	paused := time.Now()
	for l.live.Load() {
		if time.Since(paused) > 2500*time.Millisecond {
			t.Fatal("a ping unanswered for over a second did not end the subscription's trust")
		}
		time.Sleep(10 * time.Millisecond)
	}
	lost := time.Since(paused)
	for !l.live.Load() {
		if time.Since(paused) > 5*time.Second {
			t.Fatalf("still taken for lost %v after the pause ended", time.Since(paused)-2500*time.Millisecond)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("taken for lost %v into the pause, trusted again %v after it began", lost.Round(time.Millisecond), time.Since(paused).Round(time.Millisecond))
}
