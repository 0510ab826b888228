// Package stack reads the description of the suite (deploy/topology: the
// services, the stores they own, their ports) and the native local stack's
// settings (deploy/local/ports.env), and makes the private pieces a test, a
// benchmark or a local run needs: scratch databases on a service's Postgres,
// redis-servers of their own. It returns errors instead of failing a test, so
// that commands (the bench, `make run`) use it as well as testkit does; it
// needs nothing beyond the standard library and pgx.
package stack

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// StartHint tells a developer how to bring the stack up.
const StartHint = "start the local stack with `make stack-up` from the repository root (`make test` starts it for you)"

// Service is one line of deploy/topology.
type Service struct {
	// Name is the service's directory, module and binary: "user-rpc".
	Name string
	// Config is its file under etc/: "user.yaml".
	Config string
	// Port serves HTTP (rest) or gRPC (zrpc); DevPort is go-zero's
	// DevServer, ReadyPort /readyz. These are the local stack's ports.
	Port, DevPort, ReadyPort int
	// PGPort is the port of its own Postgres in the local stack, 0 when it
	// owns no database; Database is the database there.
	PGPort   int
	Database string
	// RedisPort is the port of its own Redis in the local stack.
	RedisPort int
	// Tables are those goctl makes models of.
	Tables []string
}

// RPC reports whether the service is a zrpc server registered in etcd.
func (s Service) RPC() bool { return strings.HasSuffix(s.Name, "-rpc") }

// Short is the name without "-rpc": "user" for user-rpc, the name of its
// contract in proto/ and of its etcd key ("user.rpc").
func (s Service) Short() string { return strings.TrimSuffix(s.Name, "-rpc") }

// Key is the service's prefix in environment variables: "USER" for the
// stores of user-rpc (USER_PG_PORT), "USER_API" for those of user-api.
func (s Service) Key() string { return strings.ToUpper(strings.ReplaceAll(s.Short(), "-", "_")) }

// Postgres reports whether the service owns a database.
func (s Service) Postgres() bool { return s.PGPort != 0 }

// Topology is the suite's services, in the order they start.
type Topology []Service

// Names are the services' names, in order.
func (t Topology) Names() []string {
	names := make([]string, len(t))
	for i, s := range t {
		names[i] = s.Name
	}
	return names
}

// Find returns the service named name.
func (t Topology) Find(name string) (Service, bool) {
	for _, s := range t {
		if s.Name == name {
			return s, true
		}
	}
	return Service{}, false
}

var (
	rootOnce sync.Once
	root     string
	rootErr  error
)

// Root is the repository root: the closest parent of the working directory
// holding go.work.
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
				rootErr = errors.New("no go.work above the working directory: run from inside the repository")
				return
			}
			dir = parent
		}
	})
	return root, rootErr
}

// Services reads deploy/topology under the repository root.
func Services() (Topology, error) {
	r, err := Root()
	if err != nil {
		return nil, err
	}
	return ReadTopology(filepath.Join(r, "deploy", "topology"))
}

// ReadTopology reads a topology file: one service a line, fields separated by
// blanks (service config port dev ready pg database redis tables), - for none,
// # starts a comment line.
func ReadTopology(path string) (Topology, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var t Topology
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		s, err := parseService(strings.Fields(line))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		if seen[s.Name] {
			return nil, fmt.Errorf("%s:%d: %s twice", path, n, s.Name)
		}
		seen[s.Name] = true
		t = append(t, s)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(t) == 0 {
		return nil, fmt.Errorf("%s lists no service", path)
	}
	return t, nil
}

func parseService(f []string) (Service, error) {
	const fields = 9
	if len(f) != fields {
		return Service{}, fmt.Errorf("%d fields, want %d (service config port dev ready pg database redis tables)", len(f), fields)
	}
	s := Service{Name: f[0], Config: f[1], Database: none(f[6])}
	for _, p := range []struct {
		dst  *int
		text string
	}{{&s.Port, f[2]}, {&s.DevPort, f[3]}, {&s.ReadyPort, f[4]}, {&s.PGPort, f[5]}, {&s.RedisPort, f[7]}} {
		if p.text == "-" {
			continue
		}
		n, err := strconv.Atoi(p.text)
		if err != nil || n <= 0 || n > 65535 {
			return Service{}, fmt.Errorf("%s: %q is not a port", s.Name, p.text)
		}
		*p.dst = n
	}
	if s.Port == 0 || s.DevPort == 0 || s.ReadyPort == 0 || s.RedisPort == 0 {
		return Service{}, fmt.Errorf("%s: port, dev, ready and redis are required", s.Name)
	}
	if (s.PGPort == 0) != (s.Database == "") {
		return Service{}, fmt.Errorf("%s: a Postgres port needs a database and a database a port", s.Name)
	}
	if t := none(f[8]); t != "" {
		s.Tables = strings.Split(t, ",")
	}
	return s, nil
}

func none(field string) string {
	if field == "-" {
		return ""
	}
	return field
}

// Settings reads deploy/local/ports.env (etcd's ports, the Postgres role); a
// variable of the same name in the environment wins.
func Settings() (map[string]string, error) {
	r, err := Root()
	if err != nil {
		return nil, err
	}
	env, err := ReadEnvFile(filepath.Join(r, "deploy", "local", "ports.env"))
	if err != nil {
		return nil, err
	}
	for k := range env {
		if v := os.Getenv(k); v != "" {
			env[k] = v
		}
	}
	return env, nil
}

// Setting is one value of Settings, or an error naming what is missing.
func Setting(name string) (string, error) {
	env, err := Settings()
	if err != nil {
		return "", err
	}
	v, ok := env[name]
	if !ok {
		return "", fmt.Errorf("deploy/local/ports.env has no %s", name)
	}
	return v, nil
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
