package testkit

import (
	"testing"

	"github.com/zsuite/testkit/gate"
	"github.com/zsuite/testkit/stack"
)

// NewRedis starts a private redis-server for the test on a free port and
// stops it when the test ends. go-zero's cache keys are fixed by table and
// id, so tests that share a Redis would read each other's rows: each gets one.
func NewRedis(t testing.TB) string {
	t.Helper()
	return NewRedisServer(t).Addr
}

// RedisServer is a redis-server of the test's own (stack.RedisServer), with
// a Start for tests.
type RedisServer struct{ *stack.RedisServer }

// NewRedisServer is NewRedis for a test that stops and starts the server
// itself, to see what its clients do while it is down.
func NewRedisServer(t testing.TB) *RedisServer {
	t.Helper()
	gate.Integration(t)
	r, err := stack.StartRedis(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Stop)
	return &RedisServer{r}
}

// Start starts the server again on its address and waits until it listens.
func (r *RedisServer) Start(t testing.TB) {
	t.Helper()
	if err := r.RedisServer.Start(); err != nil {
		t.Fatal(err)
	}
}
