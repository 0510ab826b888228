package testkit

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/zsuite/common/testkit/gate"
)

// NewRedis starts a private redis-server for the test on a free port and
// stops it when the test ends. go-zero's cache keys are fixed by table and
// id, so tests that share a Redis would read each other's rows: each gets one.
func NewRedis(t testing.TB) string {
	t.Helper()
	return NewRedisServer(t).Addr
}

// NewRedisServer is NewRedis for a test that stops and starts the server
// itself, to see what its clients do while it is down.
func NewRedisServer(t testing.TB) *RedisServer {
	t.Helper()
	gate.Integration(t)
	r, err := newRedisServer(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Stop)
	return r
}

// StartRedis starts redis-server on a free port with its files in dir and
// returns its address and a func that stops it.
func StartRedis(dir string) (string, func(), error) {
	r, err := newRedisServer(dir)
	if err != nil {
		return "", nil, err
	}
	return r.Addr, r.Stop, nil
}

// RedisServer is a redis-server of the test's own, without persistence: a
// restart empties it, as a restart of a cache without persistence does.
type RedisServer struct {
	// Addr stays the same across Stop and Start.
	Addr string
	bin  string
	args []string

	mu  sync.Mutex
	cmd *exec.Cmd
}

func newRedisServer(dir string) (*RedisServer, error) {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return nil, fmt.Errorf("redis-server is not installed (%v): run `make deps`, or `apt-get install redis-server`", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	port := ln.Addr().(*net.TCPAddr).Port
	_ = ln.Close()
	r := &RedisServer{
		Addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)),
		bin:  bin,
		args: []string{"--port", strconv.Itoa(port), "--bind", "127.0.0.1",
			"--save", "", "--appendonly", "no", "--dir", dir, "--loglevel", "warning"},
	}
	return r, r.start()
}

// Start starts the server again on its address and waits until it listens.
func (r *RedisServer) Start(t testing.TB) {
	t.Helper()
	if err := r.start(); err != nil {
		t.Fatal(err)
	}
}

func (r *RedisServer) start() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cmd != nil {
		return fmt.Errorf("redis-server on %s is already running", r.Addr)
	}
	cmd := exec.Command(r.bin, r.args...)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start redis-server: %w", err)
	}
	r.cmd = cmd
	deadline := time.Now().Add(10 * time.Second)
	for {
		conn, err := net.DialTimeout("tcp", r.Addr, 200*time.Millisecond)
		if err == nil {
			_ = conn.Close()
			return nil
		}
		if time.Now().After(deadline) {
			r.stopLocked()
			return fmt.Errorf("redis-server did not listen on %s: %v", r.Addr, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Stop kills the server, as a crash or a lost host would, and waits until it
// is gone. Stopping a stopped server does nothing.
func (r *RedisServer) Stop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stopLocked()
}

func (r *RedisServer) stopLocked() {
	if r.cmd == nil {
		return
	}
	_ = r.cmd.Process.Kill()
	_ = r.cmd.Wait()
	r.cmd = nil
}
