package testkit

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/zsuite/common/testkit/gate"
)

// The suite's services, in the order they start.
var suiteServices = []struct {
	name, pg, config string
}{
	{"user-rpc", "USER", "etc/user.yaml"},
	{"inventory-rpc", "INVENTORY", "etc/inventory.yaml"},
	{"order-rpc", "ORDER", "etc/order.yaml"},
	{"user-api", "", "etc/user-api.yaml"},
}

// JWTSecret is the secret the suite's user-api signs tokens with in tests.
const JWTSecret = "test-jwt-secret-0123456789abcdef"

// Suite is the four services running as real processes, registered in the
// local etcd under a key prefix of their own, each with its own database and
// Redis. It is what a client of user-api sees.
type Suite struct {
	t       testing.TB
	BaseURL string
	// EtcdPrefix starts the etcd keys the suite's services register under.
	EtcdPrefix string
	// DSN is each RPC service's database, for tests that check invariants.
	DSN   map[string]string
	procs map[string]*Proc

	// contract collects the exchanges that broke the published API document.
	contract contractState
}

// Proc is one service process.
type Proc struct {
	Name     string
	bin, dir string
	args     []string
	env      []string
	logPath  string
	readyURL string

	mu  sync.Mutex
	cmd *exec.Cmd
}

var (
	buildOnce sync.Once
	binDir    string
	buildErr  error
)

// buildServices compiles the four services once per test binary.
func buildServices() (string, error) {
	buildOnce.Do(func() {
		root, err := Root()
		if err != nil {
			buildErr = err
			return
		}
		binDir, buildErr = os.MkdirTemp("", "zsuite-bin-")
		if buildErr != nil {
			return
		}
		args := []string{"build", "-o", binDir + string(os.PathSeparator)}
		for _, s := range suiteServices {
			args = append(args, "./"+s.name)
		}
		cmd := exec.Command("go", args...)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("build services: %v\n%s", err, out)
		}
	})
	return binDir, buildErr
}

// SuiteOption changes one service's environment, e.g. to shorten a timeout.
type SuiteOption func(env map[string]map[string]string)

// WithEnv sets NAME=value in service's environment.
func WithEnv(service, name, value string) SuiteOption {
	return func(env map[string]map[string]string) { env[service][name] = value }
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

// StartSuite builds and starts the four services and waits until each is
// ready. They stop when the test ends.
func StartSuite(t testing.TB, opts ...SuiteOption) *Suite {
	t.Helper()
	gate.Integration(t)
	bins, err := buildServices()
	if err != nil {
		t.Fatal(err)
	}
	root, _ := Root()
	etcdHosts, prefix := Etcd(t)
	logDir := t.TempDir()

	s := &Suite{t: t, EtcdPrefix: prefix, DSN: map[string]string{}, procs: map[string]*Proc{}}
	t.Cleanup(s.reportContract)
	env := map[string]map[string]string{}
	for _, svc := range suiteServices {
		e := map[string]string{
			"MODE":            "test",
			"ETCD_HOSTS":      etcdHosts[0],
			"ETCD_KEY_PREFIX": prefix,
			"LOG_LEVEL":       "error",
			"LOG_ENCODING":    "plain",
			// The tests load a 2-core machine on purpose; they check answers,
			// not go-zero's load shedding, which would answer some with 503.
			"CPU_THRESHOLD": "0",
			"DEV_PORT":      strconv.Itoa(FreePort(t)),
			"READY_PORT":    strconv.Itoa(FreePort(t)),
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
		}
		if svc.pg != "" {
			dsn := NewDatabase(t, svc.pg, nil)
			s.DSN[svc.name] = dsn
			e["DATABASE_URL"] = dsn
			e["LISTEN_ON"] = "127.0.0.1:" + strconv.Itoa(FreePort(t))
		} else {
			port := FreePort(t)
			e["HOST"] = "127.0.0.1"
			e["PORT"] = strconv.Itoa(port)
			e["JWT_SECRET"] = JWTSecret
			s.BaseURL = "http://127.0.0.1:" + strconv.Itoa(port)
		}
		env[svc.name] = e
	}
	for _, opt := range opts {
		opt(env)
	}
	for name, e := range env { // an option may have given a service another database
		if dsn, ok := e["DATABASE_URL"]; ok {
			s.DSN[name] = dsn
		}
	}

	for _, svc := range suiteServices {
		p := &Proc{
			Name:     svc.name,
			bin:      filepath.Join(bins, svc.name),
			dir:      filepath.Join(root, svc.name),
			args:     []string{"-f", svc.config},
			logPath:  filepath.Join(logDir, svc.name+".log"),
			readyURL: "http://127.0.0.1:" + env[svc.name]["READY_PORT"] + "/readyz",
		}
		p.env = os.Environ()
		for k, v := range env[svc.name] {
			p.env = append(p.env, k+"="+v)
		}
		s.procs[svc.name] = p
		t.Cleanup(func() { p.stop(syscall.SIGTERM) })
		if err := p.start(); err != nil {
			t.Fatal(err)
		}
		if err := p.waitReady(60 * time.Second); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// Proc returns the named service's process.
func (s *Suite) Proc(name string) *Proc {
	p, ok := s.procs[name]
	if !ok {
		s.t.Fatalf("no service %q in the suite", name)
	}
	return p
}

func (p *Proc) start() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	logf, err := os.OpenFile(p.logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	cmd := exec.Command(p.bin, p.args...)
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = p.dir, p.env, logf, logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		return fmt.Errorf("start %s: %w", p.Name, err)
	}
	p.cmd = cmd
	go func() { _ = cmd.Wait(); logf.Close() }()
	return nil
}

func (p *Proc) waitReady(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	client := &http.Client{Timeout: time.Second}
	for time.Now().Before(deadline) {
		if resp, err := client.Get(p.readyURL); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		p.mu.Lock()
		exited := p.cmd != nil && p.cmd.ProcessState != nil
		p.mu.Unlock()
		if exited {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("%s is not ready at %s; its log:\n%s", p.Name, p.readyURL, p.LogTail())
}

// stop signals the process and waits for it to exit.
func (p *Proc) stop(sig syscall.Signal) {
	p.mu.Lock()
	cmd := p.cmd
	p.cmd = nil
	p.mu.Unlock()
	if cmd == nil || cmd.Process == nil {
		return
	}
	_ = cmd.Process.Signal(sig)
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if err := cmd.Process.Signal(syscall.Signal(0)); err != nil {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	_ = cmd.Process.Kill()
}

// Stop stops the service gracefully (SIGTERM), as an orchestrator would.
func (p *Proc) Stop() { p.stop(syscall.SIGTERM) }

// Kill kills the service at once (SIGKILL), as a crash would.
func (p *Proc) Kill() { p.stop(syscall.SIGKILL) }

// Start starts the service again and waits until it is ready.
func (p *Proc) Start(t testing.TB) {
	t.Helper()
	if err := p.start(); err != nil {
		t.Fatal(err)
	}
	if err := p.waitReady(60 * time.Second); err != nil {
		t.Fatal(err)
	}
}

// LogTail is the end of the service's log, for failure messages.
func (p *Proc) LogTail() string {
	b := p.Log()
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return b
}

// Log is everything the service has logged so far.
func (p *Proc) Log() string {
	b, _ := os.ReadFile(p.logPath)
	return string(b)
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
type Answer struct {
	Status int
	Header http.Header
	Body   []byte
}

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
	if body != nil {
		headers = append([]string{"Content-Type", "application/json"}, headers...)
	}
	if token != "" {
		headers = append([]string{"Authorization", "Bearer " + token}, headers...)
	}
	a, err := s.send(method, path, body, headers...)
	return a.Status, a.Body, err
}

// send sends one request with the given headers and reads the answer.
func (s *Suite) send(method, path string, body []byte, headers ...string) (Answer, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var reader io.Reader
	if body != nil {
		reader = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, s.BaseURL+path, reader)
	if err != nil {
		return Answer{}, err
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return Answer{}, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err == nil {
		s.checkContract(req, body, resp, out)
	}
	return Answer{Status: resp.StatusCode, Header: resp.Header, Body: out}, err
}
