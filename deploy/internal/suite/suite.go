// Package suite describes the services of the repository as deploy/topology
// lists them and their own files say they are: the environment variables each
// config reads, the RPC services each calls, the stores each owns and the
// ports the topology gives them. The deploy checks compare the compose file
// and the Kubernetes manifests with this, so that they follow the code instead
// of a list kept by hand.
package suite

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/zsuite/testkit/stack"
)

// Kind is how a service serves.
type Kind string

const (
	REST Kind = "rest" // go-zero rest: Host and Port
	RPC  Kind = "rpc"  // go-zero zrpc: ListenOn, registered in etcd
)

// Service is one of the suite's services.
type Service struct {
	Name       string // its directory, and its name in compose and Kubernetes: "user-rpc"
	ConfigFile string // the file name under etc/: "user.yaml"
	ConfigPath string // the file's absolute path
	Config     []byte // the file's content
	Kind       Kind
	// EtcdKey is the key an RPC service registers under, without the
	// ETCD_KEY_PREFIX: "user.rpc". Empty for REST.
	EtcdKey string
	// Calls names the services whose RPC clients the config has.
	Calls []string
	// Env is every ${NAME} or ${NAME:-default} the config reads, in order.
	Env []EnvRef
	// Postgres and Redis say whether the service owns a database (DataSource)
	// and a Redis (Cache or Redis).
	Postgres, Redis bool
	Ports           Ports
}

// Ports are a service's ports, from deploy/topology.
type Ports struct {
	Serve int // HTTP (REST) or gRPC (RPC)
	Dev   int // go-zero DevServer: /healthz, /metrics, pprof
	Ready int // common/health: /readyz
	// Postgres (0 for none) and Redis are the ports of the service's own
	// stores in the native local stack.
	Postgres, Redis int
}

// TestRoot is Root for a test: it fails the test when there is none.
func TestRoot(t testing.TB) string {
	t.Helper()
	r, err := Root()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// Root returns the repository root: the nearest directory above the working
// directory that holds go.work.
func Root() (string, error) { return stack.Root() }

// ReadEnvFile reads NAME=value lines; # starts a comment line.
func ReadEnvFile(path string) (map[string]string, error) { return stack.ReadEnvFile(path) }

// Load reads the services of deploy/topology under root, each with its
// etc/ config; a directory with an etc/*.yaml that the topology does not list
// is an error, so that no service escapes the checks.
func Load(root string) ([]Service, error) {
	topology, err := stack.ReadTopology(filepath.Join(root, "deploy", "topology"))
	if err != nil {
		return nil, err
	}
	configs, err := filepath.Glob(filepath.Join(root, "*", "etc", "*.yaml"))
	if err != nil {
		return nil, err
	}
	for _, path := range configs {
		name := filepath.Base(filepath.Dir(filepath.Dir(path)))
		t, ok := topology.Find(name)
		if !ok || t.Name != name {
			return nil, fmt.Errorf("%s has a config (%s) but deploy/topology does not list it", name, path)
		}
		if filepath.Base(path) != t.Config {
			return nil, fmt.Errorf("%s has %s; deploy/topology says it runs with %s", name, path, t.Config)
		}
	}
	var services []Service
	for _, t := range topology {
		s, err := load(t, filepath.Join(root, t.Name, "etc", t.Config))
		if err != nil {
			return nil, err
		}
		services = append(services, s)
	}
	// Resolve each client's etcd key to the service registered under it.
	byKey := map[string]string{}
	for _, s := range services {
		if s.EtcdKey != "" {
			byKey[s.EtcdKey] = s.Name
		}
	}
	for i, s := range services {
		for j, key := range s.Calls {
			callee, ok := byKey[key]
			if !ok {
				return nil, fmt.Errorf("%s calls %q, which no service registers", s.Name, key)
			}
			services[i].Calls[j] = callee
		}
		slices.Sort(services[i].Calls)
	}
	return services, nil
}

func load(t stack.Service, path string) (Service, error) {
	name := t.Name
	content, err := os.ReadFile(path)
	if err != nil {
		return Service{}, err
	}
	s := Service{Name: name, ConfigFile: filepath.Base(path), ConfigPath: path, Config: content, Env: EnvRefs(string(content))}
	// The file is YAML only once its references are expanded: a reference in
	// a flow sequence ([${ETCD_HOSTS:-...}]) is not a YAML scalar.
	var doc map[string]any
	if err := yaml.Unmarshal([]byte(Expand(string(content), nil)), &doc); err != nil {
		return Service{}, fmt.Errorf("%s: %w", path, err)
	}
	switch {
	case doc["ListenOn"] != nil:
		s.Kind = RPC
		key, _ := lookup(doc, "Etcd", "Key").(string)
		if key == "" {
			return Service{}, fmt.Errorf("%s: an RPC service without Etcd.Key", path)
		}
		s.EtcdKey = key
	case doc["Port"] != nil:
		s.Kind = REST
	default:
		return Service{}, fmt.Errorf("%s: neither ListenOn (zrpc) nor Port (rest)", path)
	}
	for field, v := range doc {
		if field == "Etcd" {
			continue // the server's own registration
		}
		if key, ok := lookup(v, "Etcd", "Key").(string); ok {
			s.Calls = append(s.Calls, key)
		}
	}
	_, s.Postgres = doc["DataSource"]
	_, hasCache := doc["Cache"]
	_, hasRedis := doc["Redis"]
	s.Redis = hasCache || hasRedis

	if (s.Kind == RPC) != t.RPC() {
		return Service{}, fmt.Errorf("%s: the config says %s, but only the name of an RPC service ends in -rpc (deploy/topology)", name, s.Kind)
	}
	if s.Postgres != t.Postgres() {
		return Service{}, fmt.Errorf("%s: DataSource in the config (%v) and a Postgres in deploy/topology (%v) disagree", name, s.Postgres, t.Postgres())
	}
	if !s.Redis {
		return Service{}, fmt.Errorf("%s: deploy/topology gives it a Redis, but its config has neither Cache nor Redis", name)
	}
	s.Ports = Ports{Serve: t.Port, Dev: t.DevPort, Ready: t.ReadyPort, Postgres: t.PGPort, Redis: t.RedisPort}
	return s, nil
}

// lookup walks nested maps by keys; nil when a key is missing.
func lookup(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// Names returns the services' names.
func Names(services []Service) []string {
	var names []string
	for _, s := range services {
		names = append(names, s.Name)
	}
	return names
}

// Find returns the service named name.
func Find(services []Service, name string) (Service, bool) {
	for _, s := range services {
		if s.Name == name {
			return s, true
		}
	}
	return Service{}, false
}
