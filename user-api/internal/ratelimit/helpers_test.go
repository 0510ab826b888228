package ratelimit

import (
	"testing"

	"github.com/zeromicro/go-zero/core/stores/redis"
)

// newLimiter is a limiter called "test" on the Redis at addr.
func newLimiter(t *testing.T, addr string, rate Rate) *Limiter {
	t.Helper()
	rdb := NewClient(redis.RedisConf{Host: addr, Type: redis.NodeType})
	t.Cleanup(func() { _ = rdb.Close() })
	return New("test", rate, rdb)
}
