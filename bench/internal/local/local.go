// Package local finds the repository and the native local stack it runs
// against (deploy/local/ports.env), and makes the private pieces a benchmark
// run needs: scratch databases on the stack's Postgres and redis-servers of
// its own.
package local

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// Root is the repository root: the closest parent of the working directory
// that holds go.work.
func Root() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.work")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.work above %s: run the benchmark from inside the repository", dir)
		}
		dir = parent
	}
}

// Ports is deploy/local/ports.env, where a variable of the same name in the
// environment wins.
type Ports map[string]string

// ReadPorts reads root/deploy/local/ports.env.
func ReadPorts(root string) (Ports, error) {
	f, err := os.Open(filepath.Join(root, "deploy", "local", "ports.env"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := Ports{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		if env := os.Getenv(k); env != "" {
			v = env
		}
		out[k] = v
	}
	return out, sc.Err()
}

// Get returns one value, or an error naming the missing variable.
func (p Ports) Get(name string) (string, error) {
	v, ok := p[name]
	if !ok {
		return "", fmt.Errorf("deploy/local/ports.env has no %s", name)
	}
	return v, nil
}

// DSN is the URL of database db on the Postgres of service ("USER", "ORDER"
// or "INVENTORY").
func (p Ports) DSN(service, db string) string {
	u := url.URL{
		Scheme:   "postgres",
		User:     url.UserPassword(p["PG_USER"], p["PG_PASSWORD"]),
		Host:     net.JoinHostPort("127.0.0.1", p[service+"_PG_PORT"]),
		Path:     "/" + db,
		RawQuery: "sslmode=disable",
	}
	return u.String()
}

// Reachable fails when nothing listens on 127.0.0.1:port.
func Reachable(what, port string) error {
	conn, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", port), 2*time.Second)
	if err != nil {
		return fmt.Errorf("%s is not reachable on 127.0.0.1:%s (%v): start the local stack with `make stack-up`", what, port, err)
	}
	return conn.Close()
}

// RandomHex is n random bytes in hex.
func RandomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

var (
	portsMu sync.Mutex
	// handedOut are the ports FreePort gave this run: a port given to a
	// service that has not bound it yet looks free, and must not be given to
	// the next one as well.
	handedOut = map[int]bool{}
)

// FreePort is a TCP port on 127.0.0.1 that was free a moment ago and that
// FreePort has not handed out before in this process.
func FreePort() (int, error) {
	portsMu.Lock()
	defer portsMu.Unlock()
	for range 100 {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return 0, err
		}
		port := ln.Addr().(*net.TCPAddr).Port
		_ = ln.Close()
		if !handedOut[port] {
			handedOut[port] = true
			return port, nil
		}
	}
	return 0, fmt.Errorf("no free port found")
}

// CreateDatabase creates an empty database on service's Postgres and returns
// its URL and a func that drops it.
func (p Ports) CreateDatabase(ctx context.Context, service, name string) (string, func(), error) {
	admin := p.DSN(service, "postgres")
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return "", nil, fmt.Errorf("connect to the %s Postgres: %w", service, err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
		return "", nil, err
	}
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return "", nil, fmt.Errorf("create database %s: %w", name, err)
	}
	drop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		c, err := pgx.Connect(ctx, admin)
		if err != nil {
			fmt.Fprintf(os.Stderr, "drop database %s: %v\n", name, err)
			return
		}
		defer c.Close(context.Background())
		if _, err := c.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			fmt.Fprintf(os.Stderr, "drop database %s: %v\n", name, err)
		}
	}
	return p.DSN(service, name), drop, nil
}

// Redis is a redis-server of the run's own.
type Redis struct {
	Addr string
	Pid  int
	Stop func()
}

// StartRedis starts a redis-server of its own, without persistence, on a free
// port with its files in dir.
func StartRedis(dir string) (*Redis, error) {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return nil, fmt.Errorf("redis-server is not installed: run `make deps`")
	}
	port, err := FreePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", dir, "--loglevel", "warning")
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start redis-server: %w", err)
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	stop := func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		conn, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			_ = conn.Close()
			return &Redis{Addr: addr, Pid: cmd.Process.Pid, Stop: stop}, nil
		}
		if time.Now().After(deadline) {
			stop()
			return nil, fmt.Errorf("redis-server did not listen on %s: %v", addr, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Exec runs statements on database db of service's Postgres.
func (p Ports) Exec(ctx context.Context, service, db string, statements ...string) error {
	conn, err := pgx.Connect(ctx, p.DSN(service, db))
	if err != nil {
		return fmt.Errorf("connect to %s on the %s Postgres: %w", db, service, err)
	}
	defer conn.Close(context.Background())
	for _, s := range statements {
		if _, err := conn.Exec(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	return nil
}

// Postmaster returns the process id of the Postgres server of service: the
// parent of its checkpointer.
func (p Ports) Postmaster(ctx context.Context, service string) (int, error) {
	conn, err := pgx.Connect(ctx, p.DSN(service, "postgres"))
	if err != nil {
		return 0, err
	}
	defer conn.Close(context.Background())
	var child int
	if err := conn.QueryRow(ctx, `select pid from pg_stat_activity where backend_type = 'checkpointer'`).Scan(&child); err != nil {
		return 0, fmt.Errorf("find the %s Postgres checkpointer: %w", service, err)
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", child))
	if err != nil {
		return 0, fmt.Errorf("the %s Postgres runs elsewhere (%v): its CPU time is not measured", service, err)
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 2 {
		return 0, fmt.Errorf("/proc/%d/stat: too few fields", child)
	}
	return strconv.Atoi(f[1])
}
