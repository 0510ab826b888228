//go:build composee2e

package composee2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zeromicro/go-zero/core/logx"

	"github.com/zsuite/deploy/internal/suite"
	"github.com/zsuite/deploy/internal/walkthrough"
)

// TestComposeStack brings deploy/docker-compose.yml up with .env.example,
// as `make up` does, and checks what a user of it relies on: every container
// healthy, the RPC services registered in etcd under addresses the other
// containers resolve, the README's walkthrough through the published port,
// each store reachable from its owner only, data kept by `down` and `up`
// and removed by `down -v`.
func TestComposeStack(t *testing.T) {
	logx.DisableStat() // go-zero's CPU and memory lines, from the config loaders
	root, err := suite.Root()
	if err != nil {
		t.Fatal(err)
	}
	services, err := suite.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	r := newRuntime(t, root)
	publish := freeAddr(t)
	s := newStack(t, r, publish)
	ctx, cancel := context.WithTimeout(context.Background(), 12*time.Minute)
	defer cancel()
	hc, stopHealthchecks := context.WithCancel(ctx)
	t.Cleanup(s.driveHealthchecks(hc))
	t.Cleanup(stopHealthchecks)

	start := time.Now()
	if err := s.up(ctx); err != nil {
		t.Fatalf("compose up: %v", err)
	}
	t.Logf("compose up: every container healthy after %s", time.Since(start).Round(time.Second))
	checkHealthy(t, ctx, s)
	checkRegistrations(t, ctx, s, services)

	api := walkthrough.New(t, "http://"+publish)
	kept := walkthrough.Run(t, api)

	checkStoresPrivate(t, ctx, s, services)

	// down keeps the named volumes: the order is still there after up.
	if _, err := s.compose(ctx, "down"); err != nil {
		t.Fatalf("compose down: %v", err)
	}
	if ids, _ := r.ids(ctx, "container"); len(ids) != 0 {
		t.Fatalf("compose down left containers %v", ids)
	}
	start = time.Now()
	if err := s.up(ctx); err != nil {
		t.Fatalf("compose up after down: %v", err)
	}
	t.Logf("compose up again: healthy after %s", time.Since(start).Round(time.Second))
	token := api.Login(t, "alice", "correct-horse")
	var again walkthrough.Order
	api.Do(t, "GET", fmt.Sprintf("/v1/orders/%d", kept.Id), token, nil, nil, 200, &again)
	if again.Id != kept.Id || again.Status != kept.Status || again.TotalCents != kept.TotalCents {
		t.Fatalf("after down and up the order is %+v, want %+v", again, kept)
	}

	// down -v deletes them.
	volumes, err := r.ids(ctx, "volume")
	if err != nil || len(volumes) == 0 {
		t.Fatalf("the project's volumes before down -v: %v %v", volumes, err)
	}
	if _, err := s.compose(ctx, "down", "--volumes"); err != nil {
		t.Fatalf("compose down --volumes: %v", err)
	}
	if left, _ := r.ids(ctx, "volume"); len(left) != 0 {
		t.Fatalf("compose down --volumes left the volumes %v", left)
	}
	for _, v := range volumes {
		if _, err := r.podman(ctx, "volume", "exists", v); err == nil {
			t.Errorf("volume %s still exists after down --volumes", v)
		}
	}
}

// freeAddr is a free 127.0.0.1 port for USER_API_PUBLISH: not 8888, which
// `make run` may hold.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// checkHealthy: every service of the default profile has one container,
// running and healthy.
func checkHealthy(t *testing.T, ctx context.Context, s *stack) {
	t.Helper()
	out, err := s.compose(ctx, "ps", "--all", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	type psLine struct{ Service, State, Health string }
	var lines []psLine
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var p psLine
		if err := json.Unmarshal([]byte(l), &p); err != nil {
			t.Fatalf("compose ps: %v: %s", err, l)
		}
		lines = append(lines, p)
	}
	want, err := s.compose(ctx, "config", "--services")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range lines {
		got = append(got, p.Service)
		if p.State != "running" || p.Health != "healthy" {
			t.Errorf("%s is %s, health %q; want running and healthy", p.Service, p.State, p.Health)
		}
	}
	slices.Sort(got)
	wantList := strings.Fields(want)
	slices.Sort(wantList)
	if !slices.Equal(got, wantList) {
		t.Errorf("containers of %v, want one of each of %v", got, wantList)
	}
	t.Logf("%d containers running and healthy", len(lines))
}

// checkRegistrations: each RPC service is registered in the compose etcd
// under its key, with an address that resolves, on the rpc network, to the
// service's container and answers there.
func checkRegistrations(t *testing.T, ctx context.Context, s *stack, services []suite.Service) {
	t.Helper()
	etcd, err := s.containerID(ctx, "etcd")
	if err != nil {
		t.Fatal(err)
	}
	for _, svc := range services {
		if svc.Kind != suite.RPC {
			continue
		}
		out, err := s.r.podman(ctx, "exec", etcd, "/usr/local/bin/etcdctl", "--endpoints=http://127.0.0.1:2379",
			"get", "--prefix", "--print-value-only", svc.EtcdKey)
		if err != nil {
			t.Fatal(err)
		}
		addrs := strings.Fields(out)
		want := fmt.Sprintf("%s:%d", svc.Name, svc.Ports.Serve)
		if len(addrs) != 1 || addrs[0] != want {
			t.Errorf("%s: registered under %s as %v, want [%s]", svc.Name, svc.EtcdKey, addrs, want)
			continue
		}
		id, err := s.containerID(ctx, svc.Name)
		if err != nil {
			t.Fatal(err)
		}
		ip, err := s.r.podman(ctx, "inspect", "--format", `{{(index .NetworkSettings.Networks "`+project+`_rpc").IPAddress}}`, id)
		if err != nil {
			t.Fatal(err)
		}
		// From etcd's container, which shares only the rpc network with it.
		resolved, err := s.r.podman(ctx, "exec", etcd, "getent", "hosts", svc.Name)
		if err != nil {
			t.Errorf("%s does not resolve on the rpc network: %v", svc.Name, err)
			continue
		}
		if f := strings.Fields(resolved); len(f) == 0 || f[0] != strings.TrimSpace(ip) {
			t.Errorf("%s resolves to %q on the rpc network; its container's address there is %s", svc.Name, resolved, ip)
		}
		if _, err := s.r.podman(ctx, "exec", etcd, "timeout", "5", "bash", "-c", "exec 3<>/dev/tcp/"+strings.Replace(want, ":", "/", 1)); err != nil {
			t.Errorf("%s registered as %s, which does not answer on the rpc network: %v", svc.Name, want, err)
		}
	}
}

// checkStoresPrivate: no store publishes a port, and from inside each
// service's network namespace only its own stores answer, by name or by
// address.
func checkStoresPrivate(t *testing.T, ctx context.Context, s *stack, services []suite.Service) {
	t.Helper()
	type store struct {
		name, owner, ip string
		port            int
	}
	var stores []store
	for _, svc := range services {
		kinds := map[string]int{}
		if svc.Postgres {
			kinds["postgres"] = 5432
		}
		if svc.Redis {
			kinds["redis"] = 6379
		}
		for kind, port := range kinds {
			name := svc.Name + "-" + kind
			id, err := s.containerID(ctx, name)
			if err != nil {
				t.Fatal(err)
			}
			ip, err := s.r.podman(ctx, "inspect", "--format",
				`{{(index .NetworkSettings.Networks "`+project+`_`+svc.Name+`-data").IPAddress}}`, id)
			if err != nil {
				t.Fatal(err)
			}
			ip = strings.TrimSpace(ip)
			if published, err := s.r.podman(ctx, "port", id); err != nil || strings.TrimSpace(published) != "" {
				t.Errorf("%s publishes ports on the host: %q %v", name, published, err)
			}
			stores = append(stores, store{name: name, owner: svc.Name, ip: ip, port: port})
		}
	}
	if len(stores) != 7 {
		t.Fatalf("found %d stores (%v), want 7: a Postgres for each RPC service and a Redis for each service", len(stores), stores)
	}
	// Nothing publishes a store: neither podman's view of the container
	// (above) nor compose's. (The host itself can reach any container's address
	// on a Linux bridge, with Docker as with podman; published ports are what
	// make a store reachable from elsewhere.)
	for _, st := range stores {
		if out, err := s.compose(ctx, "port", st.name, fmt.Sprint(st.port)); err == nil && strings.TrimSpace(out) != "" {
			t.Errorf("compose publishes %s:%d on the host as %s", st.name, st.port, strings.TrimSpace(out))
		}
	}
	// One throwaway container per service, in the service's own network
	// namespace (its networks, its DNS), tries every store by name and by
	// address.
	var script strings.Builder
	for _, st := range stores {
		for _, host := range []string{st.name, st.ip} {
			fmt.Fprintf(&script, "if timeout 3 bash -c 'exec 3<>/dev/tcp/%s/%d' 2>/dev/null; then echo %s %s open; else echo %s %s closed; fi\n",
				host, st.port, st.name, host, st.name, host)
		}
	}
	for _, svc := range services {
		id, err := s.containerID(ctx, svc.Name)
		if err != nil {
			t.Fatal(err)
		}
		out, err := s.r.podman(ctx, "run", "--rm", "--pull=never", "--network", "container:"+id,
			"docker.io/zsuite-e2e/debian:bookworm", "bash", "-c", script.String())
		if err != nil {
			t.Fatal(err)
		}
		refused := 0
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			f := strings.Fields(line)
			if len(f) != 3 {
				t.Fatalf("from %s: %q", svc.Name, line)
			}
			owner := strings.HasPrefix(f[0], svc.Name+"-")
			switch {
			case owner && f[2] != "open":
				// Its own store must answer; a lookup or connect that timed
				// out on a loaded machine is tried again before it counts.
				port := 0
				for _, st := range stores {
					if st.name == f[0] {
						port = st.port
					}
				}
				if !s.reaches(ctx, id, f[1], port) {
					t.Errorf("%s cannot reach its own %s at %s", svc.Name, f[0], f[1])
				}
			case !owner && f[2] != "closed":
				t.Errorf("%s reaches %s at %s, a store it does not own", svc.Name, f[0], f[1])
			case !owner:
				refused++
			}
		}
		t.Logf("%s: reaches its own stores, refused %d tries at the others'", svc.Name, refused)
	}
}

// reaches tries, three times, whether the container id reaches host:port.
func (s *stack) reaches(ctx context.Context, id, host string, port int) bool {
	for range 3 {
		_, err := s.r.podman(ctx, "run", "--rm", "--pull=never", "--network", "container:"+id,
			"docker.io/zsuite-e2e/debian:bookworm", "bash", "-c", fmt.Sprintf("timeout 5 bash -c 'exec 3<>/dev/tcp/%s/%d'", host, port))
		if err == nil {
			return true
		}
		time.Sleep(time.Second)
	}
	return false
}
