package stack

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/zsuite/testkit/ports"
)

// DSN is the URL of database db on the local stack's Postgres of s.
func DSN(s Service, db string) (string, error) {
	env, err := Settings()
	if err != nil {
		return "", err
	}
	if !s.Postgres() {
		return "", fmt.Errorf("%s owns no Postgres (deploy/topology)", s.Name)
	}
	u := url.URL{
		Scheme:   "postgres",
		User:     url.UserPassword(env["PG_USER"], env["PG_PASSWORD"]),
		Host:     net.JoinHostPort("127.0.0.1", strconv.Itoa(s.PGPort)),
		Path:     "/" + db,
		RawQuery: "sslmode=disable",
	}
	return u.String(), nil
}

// Reachable fails, saying how to start the stack, when nothing listens at
// addr.
func Reachable(what, addr string) error {
	conn, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		return fmt.Errorf("%s is not reachable at %s (%v): %s", what, addr, err, StartHint)
	}
	return conn.Close()
}

// RandomHex is n random bytes in hex, for names of scratch databases and etcd
// prefixes.
func RandomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// CreateDatabase creates the empty database name on s's Postgres (dropping
// one of that name first) and returns its URL and a func that drops it.
func CreateDatabase(ctx context.Context, s Service, name string) (string, func() error, error) {
	admin, err := DSN(s, "postgres")
	if err != nil {
		return "", nil, err
	}
	if err := Reachable(s.Name+"'s Postgres", net.JoinHostPort("127.0.0.1", strconv.Itoa(s.PGPort))); err != nil {
		return "", nil, err
	}
	drop := func(ctx context.Context) error {
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			return fmt.Errorf("connect to %s's Postgres: %w", s.Name, err)
		}
		defer conn.Close(context.WithoutCancel(ctx))
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			return fmt.Errorf("drop database %s: %w", name, err)
		}
		return nil
	}
	if err := drop(ctx); err != nil {
		return "", nil, err
	}
	if err := Exec(ctx, s, "postgres", "CREATE DATABASE "+name); err != nil {
		return "", nil, err
	}
	dsn, err := DSN(s, name)
	return dsn, func() error {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		return drop(ctx)
	}, err
}

// Exec runs statements on database db of s's Postgres.
func Exec(ctx context.Context, s Service, db string, statements ...string) error {
	dsn, err := DSN(s, db)
	if err != nil {
		return err
	}
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return fmt.Errorf("connect to %s on %s's Postgres: %w", db, s.Name, err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	for _, st := range statements {
		if _, err := conn.Exec(ctx, st); err != nil {
			return fmt.Errorf("%s: %w", st, err)
		}
	}
	return nil
}

// RedisServer is a redis-server of its own on a free port, without
// persistence: a restart empties it, as a restart of a cache without
// persistence does.
type RedisServer struct {
	// Addr stays the same across Stop and Start.
	Addr string
	bin  string
	args []string

	mu  sync.Mutex
	cmd *exec.Cmd
}

// StartRedis starts a redis-server with its files in dir and waits until it
// listens.
func StartRedis(dir string) (*RedisServer, error) {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return nil, fmt.Errorf("redis-server is not installed (%v): run `make deps`, or `apt-get install redis-server`", err)
	}
	port, err := ports.Free()
	if err != nil {
		return nil, err
	}
	r := &RedisServer{
		Addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)),
		bin:  bin,
		args: []string{"--port", strconv.Itoa(port), "--bind", "127.0.0.1",
			"--save", "", "--appendonly", "no", "--dir", dir, "--loglevel", "warning"},
	}
	return r, r.Start()
}

// Start starts the server again on its address and waits until it listens.
func (r *RedisServer) Start() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cmd != nil {
		return fmt.Errorf("redis-server on %s is already running", r.Addr)
	}
	cmd := exec.Command(r.bin, r.args...)
	cmd.Stderr = os.Stderr
	DieWithParent(cmd)
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

// Pid is the server's process id, 0 when it does not run.
func (r *RedisServer) Pid() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cmd == nil {
		return 0
	}
	return r.cmd.Process.Pid
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
