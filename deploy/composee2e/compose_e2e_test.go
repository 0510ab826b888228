//go:build composee2e

package composee2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zeromicro/go-zero/core/logx"

	"github.com/zsuite/deploy/internal/suite"
	"github.com/zsuite/deploy/internal/walkthrough"
	teststack "github.com/zsuite/testkit/stack"
)

// TestComposeStack brings deploy/docker-compose.yml up with .env.example,
// as `make up OBSERVABILITY=1` does (Grafana aside: it has no stand-in), and
// checks what a user of it relies on: every container healthy, the
// walkthrough seen by Prometheus and Jaeger, the RPC services registered in etcd under addresses the other
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
	checkObservability(t, ctx, s, root, services)

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

// checkHealthy: every service the test runs (the default profile's, and the
// observability profile's but Grafana) has one container, running and
// healthy.
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
	var wantList []string
	for _, svc := range s.services {
		wantList = append(wantList, svc.Name)
	}
	var got []string
	for _, p := range lines {
		got = append(got, p.Service)
		if p.State != "running" || p.Health != "healthy" {
			t.Errorf("%s is %s, health %q; want running and healthy", p.Service, p.State, p.Health)
		}
	}
	slices.Sort(got)
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

// checkObservability: the observability profile sees the suite. Prometheus
// scrapes every service's DevServer as up; every query of the Grafana
// dashboard runs on it without error, and user-api's request rate shows
// requests (Grafana itself has no stand-in: it is AGPL and not served by
// the module proxy); Jaeger holds the walkthrough's order as one trace from
// user-api through order-rpc to inventory-rpc.
func checkObservability(t *testing.T, ctx context.Context, s *stack, root string, services []suite.Service) {
	t.Helper()
	get := func(base, path string, q url.Values, out any) error {
		c := teststack.Client{BaseURL: "http://" + base}
		a, err := c.Send(ctx, http.MethodGet, path+"?"+q.Encode(), nil)
		if err != nil {
			return err
		}
		if a.Status != http.StatusOK {
			return fmt.Errorf("GET %s: %d %.300s", path, a.Status, a.Body)
		}
		return json.Unmarshal(a.Body, out)
	}
	// poll retries check every 2 s until it passes or a minute and a half
	// has gone (Prometheus scrapes every 15 s; Jaeger gets spans in batches).
	poll := func(what string, check func() error) {
		t.Helper()
		deadline := time.Now().Add(90 * time.Second)
		for {
			err := check()
			if err == nil {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: %v", what, err)
			}
			time.Sleep(2 * time.Second)
		}
	}

	// Prometheus: one job per service, each target up.
	poll("Prometheus' targets", func() error {
		var r struct {
			Data struct {
				ActiveTargets []struct {
					Labels    map[string]string `json:"labels"`
					Health    string            `json:"health"`
					LastError string            `json:"lastError"`
				} `json:"activeTargets"`
			} `json:"data"`
		}
		if err := get(s.prometheus, "/api/v1/targets", nil, &r); err != nil {
			return err
		}
		health := map[string]string{}
		for _, tg := range r.Data.ActiveTargets {
			health[tg.Labels["job"]] = tg.Health + " " + tg.LastError
		}
		for _, svc := range services {
			if h := health[svc.Name]; h != "up " {
				return fmt.Errorf("%s's target is %q (all: %v)", svc.Name, h, health)
			}
		}
		return nil
	})
	t.Logf("Prometheus scrapes all %d services, every target up", len(services))

	// The dashboard's queries, as Grafana would send them with every
	// service selected.
	var dash struct {
		Panels []struct {
			Title   string `json:"title"`
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
	}
	raw, err := os.ReadFile(filepath.Join(root, "deploy", "observability", "grafana", "dashboards", "zsuite.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &dash); err != nil {
		t.Fatal(err)
	}
	grafana := strings.NewReplacer(`$job`, `.+`, `$__rate_interval`, `1m`, `$__interval`, `15s`, `$__range`, `5m`)
	type series struct {
		Metric map[string]string `json:"metric"`
		Value  []any             `json:"value"`
	}
	query := func(expr string) ([]series, error) {
		var r struct {
			Status string `json:"status"`
			Error  string `json:"error"`
			Data   struct {
				Result []series `json:"result"`
			} `json:"data"`
		}
		if err := get(s.prometheus, "/api/v1/query", url.Values{"query": {expr}}, &r); err != nil {
			return nil, err
		}
		if r.Status != "success" {
			return nil, fmt.Errorf("%s: %s", r.Status, r.Error)
		}
		return r.Data.Result, nil
	}
	queries := 0
	for _, p := range dash.Panels {
		for _, tg := range p.Targets {
			if tg.Expr == "" {
				continue
			}
			queries++
			if _, err := query(grafana.Replace(tg.Expr)); err != nil {
				t.Errorf("the dashboard's panel %q: %s: %v", p.Title, tg.Expr, err)
			}
		}
	}
	if queries < 10 {
		t.Fatalf("the dashboard holds %d queries", queries)
	}
	// The walkthrough may fall between two scrapes: a rate needs requests
	// between two, so the poll keeps reading the catalogue meanwhile.
	poll("requests in the dashboard's request rate", func() error {
		if resp, err := http.Get("http://" + s.publish + "/v1/products?page=1&pageSize=1"); err == nil {
			_ = resp.Body.Close()
		}
		rs, err := query(`sum by (job) (rate(http_server_requests_duration_ms_count{job="user-api"}[1m]))`)
		if err != nil {
			return err
		}
		if len(rs) != 1 || len(rs[0].Value) != 2 || rs[0].Value[1] == "0" {
			return fmt.Errorf("user-api's request rate is %v", rs)
		}
		return nil
	})
	t.Logf("the dashboard's %d queries run on Prometheus without error; user-api's request rate shows the requests", queries)

	// Jaeger: the walkthrough's order, one trace across the three services.
	poll("the order's trace in Jaeger", func() error {
		var r struct {
			Data []struct {
				TraceID string `json:"traceID"`
				Spans   []struct {
					OperationName string `json:"operationName"`
					ProcessID     string `json:"processID"`
				} `json:"spans"`
				Processes map[string]struct {
					ServiceName string `json:"serviceName"`
				} `json:"processes"`
			} `json:"data"`
		}
		if err := get(s.jaeger, "/api/traces", url.Values{"service": {"user-api"}, "limit": {"200"}, "lookback": {"1h"}}, &r); err != nil {
			return err
		}
		for _, tr := range r.Data {
			seen := map[string]bool{}
			for _, sp := range tr.Spans {
				seen[tr.Processes[sp.ProcessID].ServiceName+" "+sp.OperationName] = true
			}
			var create, reserve bool
			for k := range seen {
				create = create || strings.HasPrefix(k, "order.rpc ") && strings.Contains(k, "CreateOrder")
				reserve = reserve || strings.HasPrefix(k, "inventory.rpc ") && strings.Contains(k, "Reserve")
			}
			if create && reserve {
				t.Logf("Jaeger holds the order's trace %s: %d spans over user-api, order.rpc and inventory.rpc", tr.TraceID, len(tr.Spans))
				return nil
			}
		}
		return fmt.Errorf("none of user-api's %d traces reaches order.rpc's CreateOrder and inventory.rpc's Reserve", len(r.Data))
	})
}
