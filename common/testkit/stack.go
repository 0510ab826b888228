// Package testkit connects tests to the real local stack (deploy/local) and
// gives each test its own database, Redis and etcd key space, so that tests in
// parallel, and a `make run` stack beside them, never see each other's data.
package testkit

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// StartHint tells a developer how to bring the stack up.
const StartHint = "start the local stack with `make stack-up` from the repository root (`make test` starts it for you)"

var (
	rootOnce sync.Once
	root     string
	rootErr  error
)

// Root is the repository root: the closest parent holding go.work.
func Root() (string, error) {
	rootOnce.Do(func() {
		dir, err := os.Getwd()
		if err != nil {
			rootErr = err
			return
		}
		for {
			if _, err := os.Stat(filepath.Join(dir, "go.work")); err == nil {
				root = dir
				return
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				rootErr = fmt.Errorf("no go.work above the working directory")
				return
			}
			dir = parent
		}
	})
	return root, rootErr
}

// Ports reads deploy/local/ports.env; a variable of the same name in the
// environment wins.
func Ports() (map[string]string, error) {
	r, err := Root()
	if err != nil {
		return nil, err
	}
	f, err := os.Open(filepath.Join(r, "deploy", "local", "ports.env"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]string{}
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

// Port returns one value of ports.env, failing t when it is missing.
func Port(t testing.TB, name string) string {
	t.Helper()
	p, err := Ports()
	if err != nil {
		t.Fatalf("read deploy/local/ports.env: %v", err)
	}
	v, ok := p[name]
	if !ok {
		t.Fatalf("deploy/local/ports.env has no %s", name)
	}
	return v
}

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago, for a
// server the test starts. It is chosen below the kernel's ephemeral range
// (ip_local_port_range), from which a port asked for with :0 would come:
// between the moment it was free and the moment the server binds it, any
// outgoing connection of the machine (to Postgres, Redis, etcd) could take an
// ephemeral port as its own, and did. Ports below that range are only ever
// taken by listeners; the local stack's (2379, 5433, 6380, ...) are below
// 10000, where none is chosen.
func FreePort(t testing.TB) int {
	t.Helper()
	low := ephemeralLow()
	for range 200 {
		port := 10000 + rand.IntN(low-10000)
		ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
		if err != nil {
			continue
		}
		_ = ln.Close()
		return port
	}
	t.Fatalf("no free port between 10000 and %d", low)
	return 0
}

// ephemeralLow is the lowest port the kernel hands out on its own (32768
// unless configured otherwise).
func ephemeralLow() int {
	b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err == nil {
		if f := strings.Fields(string(b)); len(f) == 2 {
			if low, err := strconv.Atoi(f[0]); err == nil && low > 11000 {
				return low
			}
		}
	}
	return 32768
}

// mustReach fails t with a hint when nothing listens at addr.
func mustReach(t testing.TB, what, addr string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		t.Fatalf("%s is not reachable at %s (%v): %s", what, addr, err, StartHint)
	}
	_ = conn.Close()
}
