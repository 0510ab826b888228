package testkit

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/zsuite/testkit/gate"
	"github.com/zsuite/testkit/stack"
)

// JWTSecret is the secret the suite's user-api signs tokens with in tests.
const JWTSecret = "test-jwt-secret-0123456789abcdef"

// Suite is the services of deploy/topology running as real processes,
// registered in the local etcd under a key prefix of their own, each with its
// own database and Redis. It is what a client of user-api sees.
type Suite struct {
	t       testing.TB
	BaseURL string
	// BaseURLs are every user-api replica's (WithReplicas), first = BaseURL.
	BaseURLs []string
	// EtcdPrefix starts the etcd keys the suite's services register under.
	EtcdPrefix string
	// DSN is each RPC service's database, for tests that check invariants.
	DSN   map[string]string
	procs map[string]*Proc
	run   *stack.Run

	// contract collects the exchanges that broke the published API document.
	contract contractState
}

// Proc is one service process (stack.Process), with a Start for tests.
type Proc struct{ *stack.Process }

var (
	buildOnce sync.Once
	binDir    string
	buildErr  error
)

// binDirPrefix starts the name of the directory a test binary builds the
// services into; the test binary's pid follows it.
const binDirPrefix = "zsuite-bin-"

// buildServices compiles the services once per test binary, into a directory
// named after its pid. Main removes it when the tests end; one a killed test
// binary left (a timeout, ^C) is removed by the next one's build here, since
// its pid is gone. Each build is about 500 MB: left to pile up, a day's runs
// filled the disk.
func buildServices(services stack.Topology) (string, error) {
	buildOnce.Do(func() {
		sweepBinDirs()
		binDir = filepath.Join(os.TempDir(), binDirPrefix+strconv.Itoa(os.Getpid()))
		if buildErr = os.RemoveAll(binDir); buildErr == nil {
			buildErr = stack.Build(binDir, services)
		}
	})
	return binDir, buildErr
}

// sweepBinDirs removes the build directories whose test binary has exited.
func sweepBinDirs() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), binDirPrefix+"*"))
	for _, dir := range dirs {
		pid, err := strconv.Atoi(strings.TrimPrefix(filepath.Base(dir), binDirPrefix))
		if err != nil || pid == os.Getpid() {
			continue // not ours to judge, or this binary's own
		}
		if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
			_ = os.RemoveAll(dir)
		}
	}
}

// Main runs a package's tests and removes the services' binaries after
// them; a package that starts suites calls it from its TestMain.
func Main(m *testing.M) int {
	code := m.Run()
	if binDir != "" {
		_ = os.RemoveAll(binDir)
	}
	return code
}

// SuiteConfig is what a suite starts: each service's environment beyond
// the parent's, and how many replicas of each run.
type SuiteConfig struct {
	Env      map[string]map[string]string
	Replicas map[string]int
}

// SuiteOption changes what a suite starts, e.g. shortens a timeout.
type SuiteOption func(c *SuiteConfig)

// WithEnv sets NAME=value in service's environment.
func WithEnv(service, name, value string) SuiteOption {
	return func(c *SuiteConfig) { c.Env[service][name] = value }
}

// WithReplicas runs n processes of service, each on ports of its own, with
// the same environment (stores, etcd): they register side by side in etcd,
// and user-api's replicas are BaseURLs.
func WithReplicas(service string, n int) SuiteOption {
	return func(c *SuiteConfig) { c.Replicas[service] = n }
}

// WithRedis gives service the Redis r instead of a Redis of its own, for a
// test that stops and starts it.
func WithRedis(service string, r *RedisServer) SuiteOption {
	return WithEnv(service, "REDIS_ADDR", r.Addr)
}

// WithPostgres gives service the database of the private Postgres p instead
// of a database on the local stack's Postgres, for a test that stops and
// starts it. The service migrates its schema there at start.
func WithPostgres(service string, p *PostgresServer) SuiteOption {
	return WithEnv(service, "DATABASE_URL", p.DSN(PostgresServerDB))
}

// StartSuite builds and starts the services of deploy/topology and waits
// until each is ready. They stop when the test ends.
func StartSuite(t testing.TB, opts ...SuiteOption) *Suite {
	t.Helper()
	gate.Integration(t)
	services := Topology(t)
	bins, err := buildServices(services)
	if err != nil {
		t.Fatal(err)
	}
	etcdHosts, prefix := Etcd(t)

	s := &Suite{t: t, EtcdPrefix: prefix, DSN: map[string]string{}, procs: map[string]*Proc{}}
	t.Cleanup(s.reportContract)
	env := map[string]map[string]string{}
	for _, svc := range services {
		e := map[string]string{
			"MODE":            "test",
			"ETCD_HOSTS":      etcdHosts[0],
			"ETCD_KEY_PREFIX": prefix,
			"LOG_LEVEL":       "error",
			"LOG_ENCODING":    "plain",
			// The tests load a 2-core machine on purpose; they check answers,
			// not go-zero's load shedding, which would answer some with 503.
			"CPU_THRESHOLD": "0",
			"REDIS_ADDR":    NewRedis(t),
			// Many users from one address, many requests each: the limits
			// are far above what the tests send. Tests of the limits set
			// their own (WithEnv).
			"RATE_ANONYMOUS_PER_SECOND": "100000",
			"RATE_ANONYMOUS_BURST":      "100000",
			"RATE_SIGNUP_PER_SECOND":    "100000",
			"RATE_SIGNUP_BURST":         "100000",
			"RATE_USER_PER_SECOND":      "100000",
			"RATE_USER_BURST":           "100000",
			"CONNECTIONS_PER_CLIENT":    "100000",
		}
		if svc.Postgres() {
			e["DATABASE_URL"] = NewDatabase(t, svc.Name, nil)
		}
		if !svc.RPC() {
			e["JWT_SECRET"] = JWTSecret
		}
		env[svc.Name] = e
	}
	conf := &SuiteConfig{Env: env, Replicas: map[string]int{}}
	for _, opt := range opts {
		opt(conf)
	}
	for name, e := range env { // an option may have given a service another database
		if dsn, ok := e["DATABASE_URL"]; ok {
			s.DSN[name] = dsn
		}
	}

	run := &stack.Run{Services: services, BinDir: bins, LogDir: t.TempDir(), Env: env, ReadyTimeout: 60 * time.Second,
		Replicas: conf.Replicas}
	s.run = run
	err = run.Start()
	for name, p := range run.Procs {
		s.procs[name] = &Proc{p}
	}
	t.Cleanup(run.Stop)
	if err != nil {
		t.Fatal(err)
	}
	s.BaseURL, s.BaseURLs = run.BaseURL, run.BaseURLs
	return s
}

// Proc returns the named service's process (its first replica; the others
// are "<service>-2", ...: Replicas).
func (s *Suite) Proc(name string) *Proc {
	p, ok := s.procs[name]
	if !ok {
		s.t.Fatalf("no service %q in the suite", name)
	}
	return p
}

// Replicas returns every process of service, first replica first.
func (s *Suite) Replicas(service string) []*Proc {
	var out []*Proc
	for _, p := range s.run.ReplicaProcs(service) {
		out = append(out, s.procs[p.Name])
	}
	return out
}

// Client is a client of user-api replica i (of BaseURLs) whose exchanges
// are held to the published API document; report, when not nil, hears of
// each exchange outside it (nil error: within it) instead of the test.
func (s *Suite) Client(i int, report func(error)) *stack.Client {
	c := &stack.Client{BaseURL: s.BaseURLs[i], Observe: s.checkContract}
	if report != nil {
		c.Observe = func(req *http.Request, reqBody []byte, resp *http.Response, respBody []byte) {
			report(CheckContract(req, reqBody, resp, respBody))
		}
	}
	return c
}

// Start starts the service again and waits until it is ready.
func (p *Proc) Start(t testing.TB) {
	t.Helper()
	if err := p.Process.Start(60 * time.Second); err != nil {
		t.Fatal(err)
	}
}

// Do sends an HTTP request to user-api with an optional bearer token and JSON
// body, and returns the status and the raw body; it fails t on a transport
// error. headers are name, value pairs.
func (s *Suite) Do(t testing.TB, method, path, token string, body []byte, headers ...string) (int, []byte) {
	t.Helper()
	code, out, err := s.Call(method, path, token, body, headers...)
	if err != nil {
		t.Fatal(err)
	}
	return code, out
}

// Answer is a whole HTTP answer, its body read.
type Answer = stack.Answer

// Raw sends a request like Call, with every header given as name, value
// pairs (no token is added), and returns the whole answer.
func (s *Suite) Raw(t testing.TB, method, path string, body []byte, headers ...string) Answer {
	t.Helper()
	a, err := s.send(method, path, body, headers...)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// Call is Do for goroutines other than the test's: it returns the error.
func (s *Suite) Call(method, path, token string, body []byte, headers ...string) (int, []byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	a, err := s.client().Call(ctx, method, path, token, body, headers...)
	return a.Status, a.Body, err
}

// send sends one request with the given headers and reads the answer.
func (s *Suite) send(method, path string, body []byte, headers ...string) (Answer, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return s.client().Send(ctx, method, path, body, headers...)
}

// client is the suite's user-api client; every exchange is held to the
// published API document.
func (s *Suite) client() *stack.Client {
	return &stack.Client{BaseURL: s.BaseURL, Observe: s.checkContract}
}
