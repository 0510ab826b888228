// Package suite builds the four services of the repository and runs them as
// real processes, the way common/testkit does for the end-to-end tests: each
// RPC service with a scratch database and a private Redis, all registered in
// the local etcd under a key prefix of the run's own, so that a developer's
// `make run` stack beside it is never touched.
package suite

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/zsuite/bench/internal/local"
	"github.com/zsuite/bench/internal/proc"
)

// Services in the order they start.
var Services = []struct {
	Name, PG, Config string
}{
	{"user-rpc", "USER", "etc/user.yaml"},
	{"inventory-rpc", "INVENTORY", "etc/inventory.yaml"},
	{"order-rpc", "ORDER", "etc/order.yaml"},
	{"user-api", "", "etc/user-api.yaml"},
}

// JWTSecret signs the suite's tokens during a run (and the read floor's
// check of them).
const JWTSecret = "bench-jwt-secret-0123456789abcdef"

// Suite is the running services.
type Suite struct {
	BaseURL string
	// DSN is each RPC service's scratch database.
	DSN map[string]string
	// Redis is each service's private Redis address, RedisPid its process.
	Redis    map[string]string
	RedisPid map[string]int
	// DevPort is each service's DevServer port (metrics, pprof).
	DevPort map[string]int
	Procs   map[string]*proc.Process

	cleanup []func()
}

// Build compiles the four services into dir (with the repository's go.work,
// whatever GOWORK the harness itself runs with).
func Build(root, dir string) error {
	args := []string{"build", "-o", dir + string(os.PathSeparator)}
	for _, s := range Services {
		args = append(args, "./"+s.Name)
	}
	cmd := exec.Command("go", args...)
	cmd.Dir = root
	cmd.Env = withoutGOWORK(os.Environ())
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("build the services: %v\n%s", err, out)
	}
	return nil
}

func withoutGOWORK(env []string) []string {
	out := env[:0:0]
	for _, e := range env {
		if !strings.HasPrefix(e, "GOWORK=") {
			out = append(out, e)
		}
	}
	return out
}

// Options change how Start runs the suite.
type Options struct {
	// LogStatements makes Postgres log every statement of the scratch
	// databases (log_statement=all), to see the SQL a request issues.
	LogStatements bool
	// EtcDir, when set, holds the services' config files (user.yaml,
	// order.yaml, inventory.yaml, user-api.yaml) to use instead of the
	// repository's etc/ ones: for what-if experiments with go-zero's knobs.
	EtcDir string
	// Env is added to every service's environment (NAME=value), e.g.
	// GOGC=200 or GODEBUG=..., for what-if experiments.
	Env []string
}

// Start starts the services from the binaries in binDir, with logs and Redis
// files under runDir. Stop undoes everything Start did, also after an error.
func Start(ctx context.Context, root, binDir, runDir string, ports local.Ports, opts Options) (*Suite, error) {
	s := &Suite{DSN: map[string]string{}, Redis: map[string]string{}, RedisPid: map[string]int{}, DevPort: map[string]int{}, Procs: map[string]*proc.Process{}}
	if err := local.Reachable("etcd", ports["ETCD_PORT"]); err != nil {
		return s, err
	}
	run := local.RandomHex(4)
	prefix := "bench-" + run + "."
	envs := map[string]map[string]string{}
	for _, svc := range Services {
		env := map[string]string{
			"MODE":            "test",
			"ETCD_HOSTS":      "127.0.0.1:" + ports["ETCD_PORT"],
			"ETCD_KEY_PREFIX": prefix,
			"LOG_LEVEL":       "error",
			"LOG_ENCODING":    "plain",
			// The benchmark looks for the highest throughput on purpose;
			// go-zero's load shedding would answer some requests 503.
			"CPU_THRESHOLD":               "0",
			"OTEL_EXPORTER_OTLP_ENDPOINT": "",
			// The load comes from one address and a few hundred users, far
			// over the per-client limits: raised so that the limiters count
			// every request (their cost is measured) but refuse none.
			"RATE_ANONYMOUS_PER_SECOND": "1000000",
			"RATE_ANONYMOUS_BURST":      "1000000",
			"RATE_SIGNUP_PER_SECOND":    "1000000",
			"RATE_SIGNUP_BURST":         "1000000",
			"RATE_USER_PER_SECOND":      "1000000",
			"RATE_USER_BURST":           "1000000",
		}
		envs[svc.Name] = env

		redisDir := filepath.Join(runDir, "redis-"+svc.Name)
		if err := os.MkdirAll(redisDir, 0o755); err != nil {
			return s, err
		}
		rds, err := local.StartRedis(redisDir)
		if err != nil {
			return s, err
		}
		s.cleanup = append(s.cleanup, rds.Stop)
		s.Redis[svc.Name] = rds.Addr
		s.RedisPid[svc.Name] = rds.Pid
		env["REDIS_ADDR"] = rds.Addr

		if svc.PG != "" {
			if err := local.Reachable(svc.PG+" Postgres", ports[svc.PG+"_PG_PORT"]); err != nil {
				return s, err
			}
			name := "bench_" + strings.ReplaceAll(strings.TrimSuffix(svc.Name, "-rpc"), "-", "_") + "_" + run
			dsn, drop, err := ports.CreateDatabase(ctx, svc.PG, name)
			if err != nil {
				return s, err
			}
			s.cleanup = append(s.cleanup, drop)
			if opts.LogStatements {
				if err := ports.Exec(ctx, svc.PG, "postgres", "ALTER DATABASE "+name+" SET log_statement = 'all'"); err != nil {
					return s, err
				}
			}
			s.DSN[svc.Name] = dsn
			env["DATABASE_URL"] = dsn
		} else {
			env["HOST"] = "127.0.0.1"
			env["JWT_SECRET"] = JWTSecret
		}
		config := svc.Config
		if opts.EtcDir != "" {
			config = filepath.Join(opts.EtcDir, filepath.Base(svc.Config))
		}
		s.Procs[svc.Name] = &proc.Process{
			Name:    svc.Name,
			Bin:     filepath.Join(binDir, svc.Name),
			Args:    []string{"-f", config},
			Dir:     filepath.Join(root, svc.Name),
			LogPath: filepath.Join(runDir, svc.Name+".log"),
		}
	}
	// Databases and Redis first, then processes, so that Stop reverses the order.
	for _, svc := range Services {
		p := s.Procs[svc.Name]
		s.cleanup = append(s.cleanup, p.Stop)
		// A port handed out a moment ago may have been taken since by
		// another process of the machine: then the service cannot bind it
		// and exits at start, and it gets new ports.
		for attempt := 1; ; attempt++ {
			if err := s.assignPorts(svc.Name, svc.PG != "", envs[svc.Name], opts.Env); err != nil {
				return s, err
			}
			err := p.Start(90 * time.Second)
			if err == nil {
				break
			}
			if attempt == 3 || !strings.Contains(err.Error(), "address already in use") {
				return s, err
			}
		}
	}
	return s, nil
}

// assignPorts gives a service fresh ports (API or gRPC, DevServer,
// readiness) and sets its process's environment.
func (s *Suite) assignPorts(name string, rpc bool, env map[string]string, extra []string) error {
	var port [3]int
	for i := range port {
		p, err := local.FreePort()
		if err != nil {
			return err
		}
		port[i] = p
	}
	env["DEV_PORT"], env["READY_PORT"] = strconv.Itoa(port[1]), strconv.Itoa(port[2])
	s.DevPort[name] = port[1]
	if rpc {
		env["LISTEN_ON"] = "127.0.0.1:" + strconv.Itoa(port[0])
	} else {
		env["PORT"] = strconv.Itoa(port[0])
		s.BaseURL = "http://127.0.0.1:" + strconv.Itoa(port[0])
	}
	p := s.Procs[name]
	p.ReadyURL = "http://127.0.0.1:" + env["READY_PORT"] + "/readyz"
	p.Env = p.Env[:0]
	for k, v := range env {
		p.Env = append(p.Env, k+"="+v)
	}
	p.Env = append(p.Env, extra...)
	return nil
}

// Stop stops the services, then drops the databases and stops the Redis
// servers.
func (s *Suite) Stop() {
	for i := len(s.cleanup) - 1; i >= 0; i-- {
		s.cleanup[i]()
	}
	s.cleanup = nil
}

// CheckAlive fails when a service has exited.
func (s *Suite) CheckAlive() error {
	for _, svc := range Services {
		if p := s.Procs[svc.Name]; !p.Alive() {
			return fmt.Errorf("%s exited; its log:\n%s", svc.Name, p.LogTail())
		}
	}
	return nil
}
