// Package suite builds the services of deploy/topology and runs them as real
// processes with the harness's testkit/stack, as the end-to-end tests do:
// each RPC service with a scratch database and a private Redis, all
// registered in the local etcd under a key prefix of the run's own, so that a
// developer's `make run` stack beside it is never touched.
package suite

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/zsuite/testkit/stack"
)

// JWTSecret signs the suite's tokens during a run (and the read floor's
// check of them).
const JWTSecret = "bench-jwt-secret-0123456789abcdef"

// Suite is the running services.
type Suite struct {
	*stack.Run
	// DSN is each RPC service's scratch database.
	DSN map[string]string
	// Redis is each service's private Redis address, RedisPid its process.
	Redis    map[string]string
	RedisPid map[string]int

	cleanup []func()
}

// Build compiles the services of the topology into dir.
func Build(dir string) error {
	services, err := stack.Services()
	if err != nil {
		return err
	}
	return stack.Build(dir, services)
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
func Start(ctx context.Context, binDir, runDir string, opts Options) (*Suite, error) {
	services, err := stack.Services()
	if err != nil {
		return nil, err
	}
	settings, err := stack.Settings()
	if err != nil {
		return nil, err
	}
	s := &Suite{
		Run:      &stack.Run{Services: services, BinDir: binDir, LogDir: runDir, Env: map[string]map[string]string{}},
		DSN:      map[string]string{},
		Redis:    map[string]string{},
		RedisPid: map[string]int{},
	}
	etcd := "127.0.0.1:" + settings["ETCD_PORT"]
	if err := stack.Reachable("etcd", etcd); err != nil {
		return s, err
	}
	if opts.EtcDir != "" {
		s.Config = func(svc stack.Service) string { return filepath.Join(opts.EtcDir, svc.Config) }
	}
	run := stack.RandomHex(4)
	for _, svc := range services {
		env := map[string]string{
			"MODE":            "test",
			"ETCD_HOSTS":      etcd,
			"ETCD_KEY_PREFIX": "bench-" + run + ".",
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
			// Likewise its connections; their total keeps its default, so
			// a stall queues connections in the kernel, as it would in
			// production, rather than in user-api's memory.
			"CONNECTIONS_PER_CLIENT": "1000000",
		}
		s.Env[svc.Name] = env

		redisDir := filepath.Join(runDir, "redis-"+svc.Name)
		if err := os.MkdirAll(redisDir, 0o755); err != nil {
			return s, err
		}
		rds, err := stack.StartRedis(redisDir)
		if err != nil {
			return s, err
		}
		s.cleanup = append(s.cleanup, rds.Stop)
		s.Redis[svc.Name] = rds.Addr
		s.RedisPid[svc.Name] = rds.Pid()
		env["REDIS_ADDR"] = rds.Addr

		if svc.Postgres() {
			name := "bench_" + strings.ReplaceAll(svc.Short(), "-", "_") + "_" + run
			dsn, drop, err := stack.CreateDatabase(ctx, svc, name)
			if err != nil {
				return s, err
			}
			s.cleanup = append(s.cleanup, func() {
				if err := drop(); err != nil {
					fmt.Fprintln(os.Stderr, err)
				}
			})
			if opts.LogStatements {
				if err := stack.Exec(ctx, svc, "postgres", "ALTER DATABASE "+name+" SET log_statement = 'all'"); err != nil {
					return s, err
				}
			}
			s.DSN[svc.Name] = dsn
			env["DATABASE_URL"] = dsn
		} else {
			env["JWT_SECRET"] = JWTSecret
		}
		for _, kv := range opts.Env {
			if k, v, ok := strings.Cut(kv, "="); ok {
				env[k] = v
			}
		}
	}
	// Databases and Redis first, then processes, so that Stop reverses the order.
	s.cleanup = append(s.cleanup, s.Run.Stop)
	return s, s.Start()
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
func (s *Suite) CheckAlive() error { return s.Alive() }
