// Package suite describes the services of the repository as their own files
// say they are: the directories with an etc/*.yaml, the environment variables
// each config reads, the RPC services each calls, the stores each owns and the
// ports deploy/local/ports.env gives them. The deploy checks compare the
// compose file and the Kubernetes manifests with this, so that they follow the
// code instead of a list kept by hand.
package suite

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
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

// Ports are a service's ports, from deploy/local/ports.env.
type Ports struct {
	Serve int // HTTP (REST) or gRPC (RPC)
	Dev   int // go-zero DevServer: /healthz, /metrics, pprof
	Ready int // common/health: /readyz
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
			return "", errors.New("no go.work above the working directory")
		}
		dir = parent
	}
}

// Load finds the services under root: every directory with an etc/*.yaml.
func Load(root string) ([]Service, error) {
	configs, err := filepath.Glob(filepath.Join(root, "*", "etc", "*.yaml"))
	if err != nil {
		return nil, err
	}
	ports, err := ReadEnvFile(filepath.Join(root, "deploy", "local", "ports.env"))
	if err != nil {
		return nil, err
	}
	var services []Service
	seen := map[string]bool{}
	for _, path := range configs {
		name := filepath.Base(filepath.Dir(filepath.Dir(path)))
		if seen[name] {
			return nil, fmt.Errorf("%s has more than one etc/*.yaml; which one does it run with?", name)
		}
		seen[name] = true
		s, err := load(name, path, ports)
		if err != nil {
			return nil, err
		}
		services = append(services, s)
	}
	if len(services) == 0 {
		return nil, fmt.Errorf("no */etc/*.yaml under %s", root)
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

func load(name, path string, ports map[string]string) (Service, error) {
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

	prefix := strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
	for _, p := range []struct {
		dst *int
		key string
	}{{&s.Ports.Serve, prefix + "_PORT"}, {&s.Ports.Dev, prefix + "_DEV_PORT"}, {&s.Ports.Ready, prefix + "_READY_PORT"}} {
		if _, err := fmt.Sscan(ports[p.key], p.dst); err != nil {
			return Service{}, fmt.Errorf("deploy/local/ports.env has no number for %s", p.key)
		}
	}
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

// ReadEnvFile reads NAME=value lines; # starts a comment line.
func ReadEnvFile(path string) (map[string]string, error) {
	content, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	env := map[string]string{}
	for i, line := range strings.Split(string(content), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, value, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("%s:%d: not NAME=value", path, i+1)
		}
		env[strings.TrimSpace(name)] = strings.TrimSpace(value)
	}
	return env, nil
}
