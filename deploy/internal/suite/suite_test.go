package suite

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/zsuite/common/confx"
)

func services(t *testing.T) []Service {
	t.Helper()
	root, err := Root()
	if err != nil {
		t.Fatal(err)
	}
	svcs, err := Load(root)
	if err != nil {
		t.Fatal(err)
	}
	return svcs
}

func TestEnvRefs(t *testing.T) {
	got := EnvRefs("a: ${A:-x:y}\nb: [${B}]\nc: $C\nd: ${A:-other}\ne: ${E:-}")
	want := []EnvRef{{"A", "x:y", true}, {"B", "", false}, {"C", "", false}, {"E", "", true}}
	if !slices.Equal(got, want) {
		t.Fatalf("EnvRefs = %+v, want %+v", got, want)
	}
}

// Expand must be common/confx.Expand with a map for the environment.
func TestExpandIsConfxExpand(t *testing.T) {
	env := map[string]string{"MODE": "pro", "ETCD_HOSTS": "etcd:2379", "REDIS_PASSWORD": "", "PORT": "80"}
	for _, s := range services(t) {
		for _, r := range s.Env {
			t.Setenv(r.Name, env[r.Name])
		}
		if got, want := Expand(string(s.Config), env), confx.Expand(string(s.Config)); got != want {
			t.Errorf("%s: Expand differs from confx.Expand:\n%s\n----\n%s", s.Name, got, want)
		}
	}
}

// The deployments use the ports of deploy/topology; the configs' defaults
// must agree with it, or a port left to its default would differ, and so must
// the defaults of their stores' addresses, which point at the local stack.
func TestConfigDefaultsUseTopology(t *testing.T) {
	svcs := services(t)
	if len(svcs) < 4 {
		t.Fatalf("found %v; want at least the four services", Names(svcs))
	}
	for _, s := range svcs {
		expanded := Expand(string(s.Config), nil)
		v, err := viewOf(expanded)
		if err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		if v.ServePort() != s.Ports.Serve || v.DevServer.Port != s.Ports.Dev || v.Readiness.Port != s.Ports.Ready {
			t.Errorf("%s: config defaults serve %d, dev %d, ready %d; deploy/topology says %+v",
				s.Name, v.ServePort(), v.DevServer.Port, v.Readiness.Port, s.Ports)
		}
		if s.Postgres && !strings.Contains(v.DataSource, fmt.Sprintf("127.0.0.1:%d/", s.Ports.Postgres)) {
			t.Errorf("%s: DataSource defaults to %q, not to its Postgres in deploy/topology (:%d)", s.Name, v.DataSource, s.Ports.Postgres)
		}
		if redis := fmt.Sprintf("127.0.0.1:%d}", s.Ports.Redis); !strings.Contains(string(s.Config), redis) {
			t.Errorf("%s: no address defaults to its Redis in deploy/topology (%s)", s.Name, strings.TrimSuffix(redis, "}"))
		}
	}
}

func TestServicesAsTheirConfigsSay(t *testing.T) {
	svcs := services(t)
	for _, s := range svcs {
		if s.Kind == RPC && !strings.HasSuffix(s.EtcdKey, ".rpc") {
			t.Errorf("%s registers as %q", s.Name, s.EtcdKey)
		}
		for _, callee := range s.Calls {
			c, ok := Find(svcs, callee)
			if !ok || c.Kind != RPC {
				t.Errorf("%s calls %q, not an RPC service", s.Name, callee)
			}
		}
	}
	// What the architecture says and the configs already show.
	api, _ := Find(svcs, "user-api")
	if api.Kind != REST || !slices.Contains(api.Calls, "user-rpc") || !api.Redis || api.Postgres {
		t.Errorf("user-api: %+v", api)
	}
	urpc, _ := Find(svcs, "user-rpc")
	if urpc.Kind != RPC || !urpc.Postgres || !urpc.Redis {
		t.Errorf("user-rpc: %+v", urpc)
	}
}

func TestMustSetAndCheckEnv(t *testing.T) {
	s := Service{Name: "x", ConfigFile: "x.yaml", Env: EnvRefs(
		"Mode: ${MODE:-dev}\nListenOn: ${LISTEN_ON:-127.0.0.1:1}\nDB: ${DATABASE_URL:-postgres://u:dev-p@db/x}\n" +
			"Level: ${LOG_LEVEL:-info}\nKey: ${API_KEY}\nPass: ${REDIS_PASSWORD:-}")}
	if got, want := s.MustSet(), []string{"MODE", "LISTEN_ON", "DATABASE_URL", "API_KEY"}; !slices.Equal(got, want) {
		t.Fatalf("MustSet = %v, want %v", got, want)
	}
	errs := s.CheckEnv(map[string]string{"MODE": "pro", "LISTEN_ON": "0.0.0.0:1", "API_KEY": "k", "POD_IP": "p", "LOG_LEVL": "debug"})
	var msgs []string
	for _, err := range errs {
		msgs = append(msgs, err.Error())
	}
	joined := strings.Join(msgs, "\n")
	if len(errs) != 2 || !strings.Contains(joined, "DATABASE_URL must be set") || !strings.Contains(joined, "LOG_LEVL is set but") {
		t.Fatalf("CheckEnv: %s", joined)
	}
}

func TestResolve(t *testing.T) {
	svcs := services(t)
	api, _ := Find(svcs, "user-api")
	urpc, _ := Find(svcs, "user-rpc")
	good := map[string]string{"MODE": "pro", "HOST": "0.0.0.0", "DEBUG_HOST": "0.0.0.0", "ETCD_HOSTS": "etcd:2379", "REDIS_ADDR": "redis:6379", "JWT_SECRET": "s3cret-from-a-secret-store-0123456789", "CORS_ALLOWED_ORIGINS": "https://shop.example.com"}
	v, err := api.Resolve(api.Config, good)
	if err != nil {
		t.Fatalf("a good environment: %v", err)
	}
	if v.Mode != "pro" || v.ServeHost() != "0.0.0.0" || v.ServePort() != api.Ports.Serve || v.Etcd.Hosts != nil {
		t.Errorf("view %+v", v)
	}
	wait, err := DefaultShutdownWait()
	if err != nil || wait <= 0 {
		t.Fatalf("DefaultShutdownWait = %v, %v", wait, err)
	}
	if v.ShutdownBudget() != wait {
		t.Errorf("ShutdownBudget = %v, want go-zero's default %v", v.ShutdownBudget(), wait)
	}

	for name, tc := range map[string]struct {
		svc  Service
		env  map[string]string
		want string
	}{
		"loopback left":       {api, with(good, "REDIS_ADDR", ""), "loopback"},
		"dev secret in pro":   {api, with(good, "JWT_SECRET", "dev-x"), "refuse to start"},
		"short secret in pro": {api, with(good, "JWT_SECRET", "s3cret-from-a-secret"), "shorter than the 32"},
		"dev previous secret": {api, with(good, "JWT_PREVIOUS_SECRET", "dev-s3cret-from-a-secret-store-0123"), "JWT_PREVIOUS_SECRET"},
		"empty secret in pro": {urpc, map[string]string{"MODE": "pro", "LISTEN_ON": "0.0.0.0:9001", "ETCD_HOSTS": "etcd:2379", "REDIS_ADDR": "r:6379", "DATABASE_URL": "postgres://u@db:5432/users"}, "refuse to start"},
		"not a number":        {api, with(good, "PORT", "http"), "does not load"},
		"local origin in pro": {api, with(good, "CORS_ALLOWED_ORIGINS", ""), "CORS_ALLOWED_ORIGINS"},
		"a dollar in a value": {api, with(good, "JWT_SECRET", "a$b-s3cret-from-a-secret-store-0123"), "$"},
	} {
		if _, err := tc.svc.Resolve(tc.svc.Config, tc.env); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err %v, want one that says %q", name, err, tc.want)
		}
	}
}

func with(env map[string]string, name, value string) map[string]string {
	out := map[string]string{}
	for k, v := range env {
		out[k] = v
	}
	out[name] = value
	return out
}
