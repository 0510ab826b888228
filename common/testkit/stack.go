// Package testkit connects tests to the real local stack (deploy/local) and
// gives each test its own database, Redis and etcd key space, so that tests in
// parallel, and a `make run` stack beside them, never see each other's data.
package testkit

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zsuite/common/testkit/ports"

	"github.com/zsuite/common/testkit/gate"
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
// server the test starts (ports.Free: below the kernel's ephemeral range).
func FreePort(t testing.TB) int {
	t.Helper()
	p, err := ports.Free()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// mustReach fails t with a hint when nothing listens at addr.
func mustReach(t testing.TB, what, addr string) {
	t.Helper()
	gate.Integration(t)
	conn, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		t.Fatalf("%s is not reachable at %s (%v): %s", what, addr, err, StartHint)
	}
	_ = conn.Close()
}
