// Package health serves a readiness endpoint that checks a service's own
// dependencies. Liveness and metrics come from go-zero's DevServer; its health
// check says only that the process serves, so readiness lives here.
package health

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/stores/redis"
	"github.com/zeromicro/go-zero/core/stores/sqlx"
	clientv3 "go.etcd.io/etcd/client/v3"
)

// Config is where the readiness endpoint listens. Port 0 turns it off.
type Config struct {
	Host    string        `json:",default=127.0.0.1"`
	Port    int           `json:",default=0"`
	Path    string        `json:",default=/readyz"`
	Timeout time.Duration `json:",default=1s"`
}

// Validate refuses a readiness endpoint that could never say ready: a port out
// of range, or no time for the checks to answer.
func (c Config) Validate() error {
	switch {
	case c.Port < 0 || c.Port > 65535:
		return fmt.Errorf("port %d (READY_PORT) is not a port", c.Port)
	case c.Port != 0 && c.Timeout <= 0:
		return fmt.Errorf("timeout is %v: the checks need time to answer", c.Timeout)
	}
	return nil
}

// Check reports whether one dependency is usable.
type Check func(ctx context.Context) error

// Checker runs named checks together.
type Checker struct {
	checks  map[string]Check
	timeout time.Duration
}

// NewChecker returns a Checker for checks, each given timeout to answer.
func NewChecker(timeout time.Duration, checks map[string]Check) *Checker {
	if timeout <= 0 {
		timeout = time.Second
	}
	return &Checker{checks: checks, timeout: timeout}
}

// Run runs every check at once and returns the failures by name.
func (c *Checker) Run(ctx context.Context) map[string]string {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	var (
		mu       sync.Mutex
		wg       sync.WaitGroup
		failures = map[string]string{}
	)
	for name, check := range c.checks {
		wg.Go(func() {
			if err := check(ctx); err != nil {
				mu.Lock()
				failures[name] = err.Error()
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return failures
}

// ServeHTTP answers 200 {"status":"ready"} or 503 with the failing checks.
func (c *Checker) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	failures := c.Run(r.Context())
	w.Header().Set("Content-Type", "application/json")
	if len(failures) == 0 {
		w.WriteHeader(http.StatusOK)
		_ = json.NewEncoder(w).Encode(map[string]string{"status": "ready"})
		return
	}
	w.WriteHeader(http.StatusServiceUnavailable)
	_ = json.NewEncoder(w).Encode(map[string]any{"status": "not ready", "failing": failures})
}

// Server is a running readiness endpoint.
type Server struct {
	srv *http.Server
}

// Start serves c's checks at conf's address in the background; a zero port
// starts nothing. Stop the returned Server on shutdown.
func Start(conf Config, checker *Checker) (*Server, error) {
	if conf.Port == 0 {
		return &Server{}, nil
	}
	mux := http.NewServeMux()
	mux.Handle(conf.Path, checker)
	addr := net.JoinHostPort(conf.Host, strconv.Itoa(conf.Port))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("readiness endpoint: %w", err)
	}
	s := &Server{srv: &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logx.Errorf("readiness endpoint stopped: %v", err)
		}
	}()
	return s, nil
}

// Stop closes the endpoint.
func (s *Server) Stop() {
	if s == nil || s.srv == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_ = s.srv.Shutdown(ctx)
}

// Postgres checks that the database answers.
func Postgres(conn sqlx.SqlConn) Check {
	return func(ctx context.Context) error {
		db, err := conn.RawDB()
		if err != nil {
			return err
		}
		return db.PingContext(ctx)
	}
}

// Redis checks that Redis answers PING.
func Redis(rds *redis.Redis) Check {
	return func(ctx context.Context) error {
		if !rds.PingCtx(ctx) {
			return errors.New("redis did not answer PING")
		}
		return nil
	}
}

// Etcd checks that at least one etcd endpoint answers. The client is made once
// and kept, so checks are cheap; close it with the returned func.
func Etcd(hosts []string) (Check, func(), error) {
	cli, err := clientv3.New(clientv3.Config{Endpoints: hosts, DialTimeout: time.Second})
	if err != nil {
		return nil, nil, fmt.Errorf("etcd client: %w", err)
	}
	check := func(ctx context.Context) error {
		var last error
		for _, ep := range cli.Endpoints() {
			if _, err := cli.Status(ctx, ep); err == nil {
				return nil
			} else {
				last = err
			}
		}
		return last
	}
	return check, func() { _ = cli.Close() }, nil
}
