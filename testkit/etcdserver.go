package testkit

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
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

// EtcdServer is a private etcd for one test, on free loopback ports with its
// own data directory, for tests that stop and start etcd: the local stack's
// etcd is shared and must never be stopped.
type EtcdServer struct {
	// Endpoints are the client endpoints, for discov.EtcdConf.Hosts.
	Endpoints []string

	bin, dir, logPath string
	args              []string

	mu  sync.Mutex
	cmd *exec.Cmd
}

// StartEtcd starts a private etcd and stops it when the test ends. Stop and
// Start keep the data directory and the ports, so a restart keeps the data
// (keys and leases), as a restarted etcd in production does.
func StartEtcd(t testing.TB) *EtcdServer {
	t.Helper()
	gate.Integration(t)
	bin, err := exec.LookPath("etcd")
	if err != nil {
		t.Fatalf("etcd is not installed (%v): run `make deps`, or `apt-get install etcd-server`", err)
	}
	dir := t.TempDir()
	client := net.JoinHostPort("127.0.0.1", strconv.Itoa(FreePort(t)))
	peer := "http://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(FreePort(t)))
	e := &EtcdServer{
		Endpoints: []string{client},
		bin:       bin,
		dir:       dir,
		logPath:   filepath.Join(dir, "etcd.log"),
		args: []string{"--name", "test", "--data-dir", filepath.Join(dir, "data"),
			"--listen-client-urls", "http://" + client, "--advertise-client-urls", "http://" + client,
			"--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
			"--initial-cluster", "test=" + peer},
	}
	t.Cleanup(e.Stop)
	e.Start(t)
	return e
}

// WithEtcd makes every service of a suite register and resolve in e instead
// of the local stack's etcd, for tests that stop and start etcd.
func WithEtcd(e *EtcdServer) SuiteOption {
	return func(c *SuiteConfig) {
		for svc := range c.Env {
			c.Env[svc]["ETCD_HOSTS"] = strings.Join(e.Endpoints, ",")
		}
	}
}

// Start starts etcd again (after Stop) and returns once it answers with a
// leader, failing t with etcd's log when it does not within 30 s.
func (e *EtcdServer) Start(t testing.TB) {
	t.Helper()
	if err := e.start(); err != nil {
		t.Fatalf("start etcd: %v\n%s", err, e.logTail())
	}
	if err := e.waitHealthy(30 * time.Second); err != nil {
		e.Stop()
		t.Fatalf("etcd at %s: %v\n%s", e.Endpoints[0], err, e.logTail())
	}
}

// Stop stops etcd (SIGTERM, as a restart does) and waits until it has exited;
// the data directory stays for the next Start.
func (e *EtcdServer) Stop() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.cmd == nil {
		return
	}
	_ = e.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		_ = e.cmd.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = e.cmd.Process.Kill()
		<-done
	}
	e.cmd = nil
}

func (e *EtcdServer) start() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.cmd != nil {
		return fmt.Errorf("etcd is running already")
	}
	log, err := os.OpenFile(e.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer log.Close()
	cmd := exec.Command(e.bin, e.args...)
	cmd.Stdout, cmd.Stderr = log, log
	stack.DieWithParent(cmd)
	if err := cmd.Start(); err != nil {
		return err
	}
	e.cmd = cmd
	return nil
}

// waitHealthy waits until etcd's /health says it has a leader, i.e. until
// it serves requests.
func (e *EtcdServer) waitHealthy(timeout time.Duration) error {
	url := "http://" + e.Endpoints[0] + "/health"
	deadline := time.Now().Add(timeout)
	var last error
	for time.Now().Before(deadline) {
		last = checkEtcdHealth(url)
		if last == nil {
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("not healthy after %v: %v", timeout, last)
}

func checkEtcdHealth(url string) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var body struct{ Health string }
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return err
	}
	if body.Health != "true" {
		return fmt.Errorf("/health answered %q", body.Health)
	}
	return nil
}

func (e *EtcdServer) logTail() string {
	b, _ := os.ReadFile(e.logPath)
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}
