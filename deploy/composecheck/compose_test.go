package composecheck

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/compose-spec/compose-go/v2/types"

	"github.com/zsuite/deploy/internal/suite"
)

// Secrets have no default in the compose file: without one the stack does
// not start, rather than start with a secret everyone knows. Each secret of
// .env.example, left out, stops the loading with its name.
func TestSecretsMustBeGiven(t *testing.T) {
	example, err := suite.ReadEnvFile(filepath.Join(root(t), "deploy", ".env.example"))
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for name, value := range example {
		if value == "" || (!strings.Contains(name, "SECRET") && !strings.Contains(name, "PASSWORD")) {
			continue // optional, like ADMIN_PASSWORD
		}
		checked++
		shell := map[string]string{}
		for k, v := range example {
			if k != name {
				shell[k] = v
			}
		}
		_, err := load(t, "", shell, observability)
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("the compose file loads without %s (error: %v); a secret must be required (${%s:?...})", name, err, name)
		}
	}
	if checked < 2 {
		t.Fatalf("%d secrets in .env.example", checked)
	}
}

// The example settings hold no real secret: each is empty or a development
// value, which a service in production mode refuses.
func TestExampleSecretsAreDevelopmentValues(t *testing.T) {
	env, err := suite.ReadEnvFile(filepath.Join(root(t), "deploy", ".env.example"))
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for name, value := range env {
		if !strings.Contains(name, "SECRET") && !strings.Contains(name, "PASSWORD") {
			continue
		}
		found++
		if value != "" && !strings.HasPrefix(value, "dev-") {
			t.Errorf(".env.example: %s=%q is neither empty nor a dev- value", name, value)
		}
	}
	if found == 0 {
		t.Fatal(".env.example names no secret")
	}
}

func TestEveryContainerHasAHealthcheckAndARestartPolicy(t *testing.T) {
	p := project(t)
	for name, s := range p.Services {
		hc := s.HealthCheck
		switch {
		case hc == nil || hc.Disable || len(hc.Test) < 2:
			t.Errorf("%s has no healthcheck", name)
		case hc.Test[0] != "CMD" && hc.Test[0] != "CMD-SHELL":
			t.Errorf("%s: healthcheck test %v is neither CMD nor CMD-SHELL", name, hc.Test)
		case hc.Interval == nil || hc.Timeout == nil || hc.Retries == nil || hc.StartPeriod == nil:
			t.Errorf("%s: healthcheck leaves interval, timeout, retries or start_period to the engine's defaults", name)
		}
		restart := s.Restart
		if s.Deploy != nil && s.Deploy.RestartPolicy != nil {
			restart = s.Deploy.RestartPolicy.Condition
		}
		if restart == "" || restart == "no" || restart == "none" {
			t.Errorf("%s has no restart policy", name)
		}
	}
}

func TestDependenciesWaitUntilHealthy(t *testing.T) {
	p := project(t)
	for name, s := range p.Services {
		for dep, d := range s.DependsOn {
			if d.Condition != types.ServiceConditionHealthy {
				t.Errorf("%s starts when %s is %q; it must wait for service_healthy", name, dep, d.Condition)
			}
			if !d.Required {
				t.Errorf("%s: its dependency on %s is optional", name, dep)
			}
			if _, ok := p.Services[dep]; !ok {
				t.Errorf("%s depends on %s, which is not in the stack", name, dep)
			}
		}
	}
}

// Each service as its own config reads it: every variable set or defaulted
// right, the whole config loading with the service's own config struct, the
// stores and callees it needs started (and healthy) first, reachable where
// its config says, and nothing on a loopback address.
func TestServices(t *testing.T) {
	p := project(t)
	wait := shutdownWait(t)
	for _, svc := range services(t) {
		t.Run(svc.Name, func(t *testing.T) {
			s, ok := p.Services[svc.Name]
			if !ok {
				t.Fatalf("no compose service %s", svc.Name)
			}
			env := environment(s)
			for _, err := range svc.CheckEnv(env) {
				t.Error(err)
			}
			v, err := svc.Resolve(svc.Config, env)
			if err != nil {
				t.Fatal(err)
			}

			// The image: built from this repo for this service, run with its config.
			if s.Build == nil || s.Build.Args["SERVICE"] == nil || *s.Build.Args["SERVICE"] != svc.Name {
				t.Errorf("build args %v: want SERVICE=%s", s.Build, svc.Name)
			} else if _, err := os.Stat(filepath.Join(s.Build.Context, s.Build.Dockerfile)); err != nil {
				t.Errorf("build: %v", err)
			}
			if want := []string{"-f", "/app/etc/" + svc.ConfigFile}; !slices.Equal(s.Command, want) {
				t.Errorf("command %v, want %v (the config the image carries)", s.Command, want)
			}
			if s.PullPolicy != types.PullPolicyBuild {
				t.Errorf("pull_policy %q: with the example settings the image is built here, never pulled by its bare name", s.PullPolicy)
			}

			// Health: the probe binary against the port the config serves /readyz on.
			ready := fmt.Sprintf("http://127.0.0.1:%d%s", v.Readiness.Port, v.Readiness.Path)
			if want := []string{"CMD", "/app/probe", ready}; s.HealthCheck == nil || !slices.Equal(s.HealthCheck.Test, want) {
				t.Errorf("healthcheck %v, want %v", s.HealthCheck, want)
			}
			if v.Readiness.Port != svc.Ports.Ready || v.DevServer.Port != svc.Ports.Dev || v.ServePort() != svc.Ports.Serve {
				t.Errorf("ports serve %d, dev %d, ready %d; deploy/topology says %+v", v.ServePort(), v.DevServer.Port, v.Readiness.Port, svc.Ports)
			}

			// Started after what it needs.
			needs := append([]string{"etcd"}, svc.Calls...)
			if svc.Postgres {
				needs = append(needs, svc.Name+"-postgres")
			}
			if svc.Redis {
				needs = append(needs, svc.Name+"-redis")
			}
			for _, dep := range needs {
				if _, ok := s.DependsOn[dep]; !ok {
					t.Errorf("does not wait for %s", dep)
				}
			}

			// Where its config points, something is there and shares a network.
			for _, hostport := range v.Etcd.Hosts {
				reachable(t, p, s, hostport, "etcd")
			}
			if svc.Redis {
				reachable(t, p, s, env["REDIS_ADDR"], svc.Name+"-redis")
			}
			if svc.Postgres {
				checkDatabase(t, p, s, v.DataSource, svc.Name+"-postgres")
			}
			switch svc.Kind {
			case suite.RPC:
				// go-zero registers POD_IP:port; every caller must reach that name.
				if v.ServeHost() != "0.0.0.0" {
					t.Errorf("ListenOn %s: listen on 0.0.0.0 so that other containers reach it", v.ListenOn)
				}
				for _, caller := range services(t) {
					if slices.Contains(caller.Calls, svc.Name) {
						reachable(t, p, p.Services[caller.Name], net.JoinHostPort(env["POD_IP"], strconv.Itoa(v.ServePort())), svc.Name)
					}
				}
			case suite.REST:
				if v.ServeHost() != "0.0.0.0" {
					t.Errorf("Host %s: listen on 0.0.0.0 so that the published port reaches it", v.Host)
				}
			}

			// Locked down, and given time to stop gracefully.
			if !s.ReadOnly || !slices.Equal(s.CapDrop, []string{"ALL"}) || !slices.Contains(s.SecurityOpt, "no-new-privileges:true") {
				t.Errorf("read_only %v, cap_drop %v, security_opt %v: want true, [ALL], no-new-privileges", s.ReadOnly, s.CapDrop, s.SecurityOpt)
			}
			if s.StopGracePeriod == nil || time.Duration(*s.StopGracePeriod) < wait+time.Second {
				t.Errorf("stop_grace_period %v: go-zero takes up to %v to stop", s.StopGracePeriod, wait)
			}
		})
	}
}

func shutdownWait(t *testing.T) time.Duration {
	t.Helper()
	d, err := suite.DefaultShutdownWait()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// reachable checks that hostport names a service of p, the one want, that
// shares a network with from.
func reachable(t *testing.T, p *types.Project, from types.ServiceConfig, hostport, want string) {
	t.Helper()
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		t.Errorf("%s: %q is not host:port", from.Name, hostport)
		return
	}
	to, ok := p.Services[host]
	if !ok || host != want {
		t.Errorf("%s: %s should be the service %s", from.Name, hostport, want)
		return
	}
	if !sharesNetwork(from, to) {
		t.Errorf("%s cannot reach %s: no network in common", from.Name, host)
	}
}

// checkDatabase checks that dsn points at the Postgres service want with the
// user, password and database that container is created with.
func checkDatabase(t *testing.T, p *types.Project, from types.ServiceConfig, dsn, want string) {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		t.Errorf("%s: DataSource %q is not a postgres:// URL with a user", from.Name, dsn)
		return
	}
	reachable(t, p, from, u.Host, want)
	pg, ok := p.Services[want]
	if !ok {
		return
	}
	pgEnv := environment(pg)
	password, _ := u.User.Password()
	if u.User.Username() != pgEnv["POSTGRES_USER"] || password != pgEnv["POSTGRES_PASSWORD"] || strings.TrimPrefix(u.Path, "/") != pgEnv["POSTGRES_DB"] {
		t.Errorf("%s: DataSource user, password or database differs from what %s is created with", from.Name, want)
	}
}

// Nothing but user-api, and the UIs of the observability profile, is
// published; no RPC, DevServer or readiness port ever.
func TestOnlyTheEntryPointsArePublished(t *testing.T) {
	p := project(t)
	svcs := services(t)
	internal := map[uint32]string{}
	for _, svc := range svcs {
		internal[uint32(svc.Ports.Dev)] = svc.Name + " DevServer"
		internal[uint32(svc.Ports.Ready)] = svc.Name + " readiness"
		if svc.Kind == suite.RPC {
			internal[uint32(svc.Ports.Serve)] = svc.Name + " gRPC"
		}
	}
	uis := map[string]bool{"prometheus": true, "grafana": true, "jaeger": true}
	for name, s := range p.Services {
		for _, port := range s.Ports {
			if what, ok := internal[port.Target]; ok {
				t.Errorf("%s publishes %d, the %s port", name, port.Target, what)
			}
			svc, isService := suite.Find(svcs, name)
			switch {
			case isService && svc.Kind == suite.REST && port.Target == uint32(svc.Ports.Serve):
			case uis[name] && slices.Contains(s.Profiles, observability):
			default:
				t.Errorf("%s publishes %d; only user-api and the observability UIs may", name, port.Target)
			}
			if port.HostIP != "127.0.0.1" {
				t.Errorf("%s publishes %d on %q; the example settings keep every port on 127.0.0.1", name, port.Target, port.HostIP)
			}
		}
		if len(s.Expose) > 0 {
			t.Errorf("%s: expose %v says nothing on a user-defined network; drop it", name, s.Expose)
		}
	}
	api, ok := p.Services["user-api"]
	if !ok || len(api.Ports) != 1 {
		t.Errorf("user-api should publish exactly its HTTP port")
	}
}

// A store is reachable by its owner alone: each sits on the owner's data
// network, which nothing else joins. Only the edge network has a way out.
func TestStoresAreReachableOnlyByTheirOwner(t *testing.T) {
	p := project(t)
	stores := 0
	for _, svc := range services(t) {
		for _, kind := range []struct {
			owns bool
			name string
		}{{svc.Postgres, "postgres"}, {svc.Redis, "redis"}} {
			if !kind.owns {
				continue
			}
			stores++
			store, ok := p.Services[svc.Name+"-"+kind.name]
			if !ok {
				t.Errorf("%s owns a %s but the stack has no %s-%s", svc.Name, kind.name, svc.Name, kind.name)
				continue
			}
			// Besides the owner, only the owner's other store shares its network.
			got := slices.DeleteFunc(reachers(p, store), func(n string) bool {
				return n == svc.Name+"-postgres" || n == svc.Name+"-redis"
			})
			if !slices.Equal(got, []string{svc.Name}) {
				t.Errorf("%s is reachable by %v; want only %s", store.Name, got, svc.Name)
			}
			if len(store.Volumes) == 0 || store.Volumes[0].Type != types.VolumeTypeVolume {
				t.Errorf("%s keeps its data in no named volume", store.Name)
			}
		}
	}
	// And no store that no service owns.
	inStack := 0
	for name := range p.Services {
		if strings.HasSuffix(name, "-postgres") || strings.HasSuffix(name, "-redis") {
			inStack++
		}
	}
	if inStack != stores {
		t.Errorf("the stack has %d stores; deploy/topology's services own %d", inStack, stores)
	}
	for name, n := range p.Networks {
		if name != "edge" && !n.Internal {
			t.Errorf("network %s is not internal", name)
		}
	}
}

// The observability profile is off unless asked for.
func TestObservabilityIsAProfile(t *testing.T) {
	p, err := load(t, ".env.example", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"prometheus", "grafana", "jaeger"} {
		if _, on := p.Services[name]; on {
			t.Errorf("%s runs without the observability profile", name)
		}
		if _, err := p.GetDisabledService(name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
