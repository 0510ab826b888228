// Package testkit connects tests to the real local stack (deploy/local) and
// gives each test its own database, Redis and etcd key space, so that tests in
// parallel, and a `make run` stack beside them, never see each other's data.
// It is the testing face of testkit/stack, which reads the suite's topology
// (deploy/topology) and starts the pieces.
package testkit

import (
	"strconv"
	"strings"
	"testing"

	"github.com/zsuite/testkit/gate"
	"github.com/zsuite/testkit/ports"
	"github.com/zsuite/testkit/stack"
)

// StartHint tells a developer how to bring the stack up.
const StartHint = stack.StartHint

// Root is the repository root: the closest parent holding go.work.
func Root() (string, error) { return stack.Root() }

// Topology is the suite's services (deploy/topology), failing t when it
// cannot be read.
func Topology(t testing.TB) stack.Topology {
	t.Helper()
	services, err := stack.Services()
	if err != nil {
		t.Fatalf("read deploy/topology: %v", err)
	}
	return services
}

// Service is one service of the topology, by its name ("user-rpc").
func Service(t testing.TB, name string) stack.Service {
	t.Helper()
	s, ok := Topology(t).Find(name)
	if !ok {
		t.Fatalf("deploy/topology has no service %q", name)
	}
	return s
}

// Ports are the local stack's settings (deploy/local/ports.env) and each
// service's ports from the topology under the names they had in ports.env
// (USER_PG_PORT, USER_API_REDIS_PORT, USER_RPC_PORT, ...); a variable of the
// same name in the environment wins for the settings.
func Ports() (map[string]string, error) {
	out, err := stack.Settings()
	if err != nil {
		return nil, err
	}
	services, err := stack.Services()
	if err != nil {
		return nil, err
	}
	for _, s := range services {
		name := strings.ToUpper(strings.ReplaceAll(s.Name, "-", "_"))
		out[name+"_PORT"] = strconv.Itoa(s.Port)
		out[name+"_DEV_PORT"] = strconv.Itoa(s.DevPort)
		out[name+"_READY_PORT"] = strconv.Itoa(s.ReadyPort)
		out[s.Key()+"_REDIS_PORT"] = strconv.Itoa(s.RedisPort)
		if s.Postgres() {
			out[s.Key()+"_PG_PORT"] = strconv.Itoa(s.PGPort)
		}
	}
	return out, nil
}

// Port returns one value of Ports, failing t when it is missing.
func Port(t testing.TB, name string) string {
	t.Helper()
	p, err := Ports()
	if err != nil {
		t.Fatalf("read the local stack's ports: %v", err)
	}
	v, ok := p[name]
	if !ok {
		t.Fatalf("neither deploy/local/ports.env nor deploy/topology gives %s", name)
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
	if err := stack.Reachable(what, addr); err != nil {
		t.Fatal(err)
	}
}
