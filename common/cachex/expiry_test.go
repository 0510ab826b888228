package cachex

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	red "github.com/redis/go-redis/v9"
	"github.com/zeromicro/go-zero/core/stores/cache"
	"github.com/zeromicro/go-zero/core/stores/redis"

	"github.com/zsuite/testkit"
)

// A copy is never served past its Expiry, whatever happens around it: here
// the invalidation of a change is lost (the rows are changed and their Redis
// keys deleted without a publish), after several seconds of readers reading
// every row again as its copy expires. go-zero's collection.Cache could leave
// a copy set between the two steps of its expiry without a timer, served
// until evicted: 24 of 2,000 rows were stale 10 s after the change.
func TestLostInvalidationExpires(t *testing.T) {
	const (
		rows   = 2000
		expiry = time.Second
	)
	addr := testkit.NewRedis(t)
	c := cache.CacheConf{{RedisConf: redis.RedisConf{Host: addr, Type: redis.NodeType}, Weight: 100}}
	l, err := NewLocal(c, LocalConf{Enabled: true, Expiry: expiry, Limit: 10 * rows}, "expiry-test")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Close() })
	front := l.Front(c)
	ctx := context.Background()

	var version atomic.Int64 // the rows' version in "the database"
	key := func(i int) string { return fmt.Sprintf("cache:row:%d", i) }
	read := func(i int) (row, error) {
		var r row
		err := front.TakeCtx(ctx, &r, key(i), func(v any) error {
			*v.(*row) = row{ID: int64(i), Name: fmt.Sprint(version.Load())}
			return nil
		})
		return r, err
	}

	// Readers read every row over and over through several expiries.
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; ; i = (i + 1) % rows {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := read(i); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	time.Sleep(5 * expiry)
	close(stop)
	wg.Wait()

	// The change, and its invalidation lost: Redis's keys go, no message.
	version.Store(1)
	rdb := red.NewClient(&red.Options{Addr: addr})
	defer rdb.Close()
	keys := make([]string, rows)
	for i := range keys {
		keys[i] = key(i)
	}
	if err := rdb.Del(ctx, keys...).Err(); err != nil {
		t.Fatal(err)
	}
	changed := time.Now()

	// Past the expiry (and its 5% of variation), no copy of before is served.
	time.Sleep(expiry + expiry/20 + 50*time.Millisecond)
	stale := 0
	for i := range rows {
		r, err := read(i)
		if err != nil {
			t.Fatal(err)
		}
		if r.Name != "1" {
			stale++
		}
	}
	if stale > 0 {
		t.Fatalf("%d of %d rows still stale %s after a change whose invalidation was lost, at an expiry of %s",
			stale, rows, time.Since(changed).Round(time.Millisecond), expiry)
	}
}
