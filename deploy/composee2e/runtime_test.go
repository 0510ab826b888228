//go:build composee2e

package composee2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	teststack "github.com/zsuite/testkit/stack"
)

// project is the compose project of deploy/docker-compose.yml (its name:).
const project = "zsuite"

// runtime is podman as prepare.sh configured it (its own storage, run root
// and networks under the state directory), serving the Docker API on a
// socket of its own, and the compose CLI prepare.sh built.
type runtime struct {
	root    string // the repository
	state   string // COMPOSE_E2E_STATE
	compose string // the docker compose CLI
	socket  string // podman's Docker-compatible API
	env     []string
}

const runRoot = "/run/zsuite-compose-e2e"

// newRuntime fails the test, saying how to prepare, when podman or the compose
// CLI is missing, and starts `podman system service`, stopped at cleanup.
func newRuntime(t *testing.T, root string) *runtime {
	t.Helper()
	state := os.Getenv("COMPOSE_E2E_STATE")
	if state == "" {
		t.Fatal("COMPOSE_E2E_STATE is not set: run `make compose-e2e`, which prepares podman, the compose CLI and the images, then runs this test")
	}
	r := &runtime{
		root:    root,
		state:   state,
		compose: filepath.Join(state, "bin", "docker-compose"),
		socket:  filepath.Join(runRoot, "docker-api.sock"),
	}
	r.env = append(os.Environ(),
		"CONTAINERS_CONF="+filepath.Join(state, "etc", "containers.conf"),
		"CONTAINERS_STORAGE_CONF="+filepath.Join(state, "etc", "storage.conf"),
		"CONTAINERS_REGISTRIES_CONF="+filepath.Join(state, "etc", "registries.conf"),
	)
	if _, err := exec.LookPath("podman"); err != nil {
		t.Fatal("podman is not installed: run `make compose-e2e` (deploy/composee2e/prepare.sh installs it)")
	}
	for _, f := range []string{r.compose, filepath.Join(state, "etc", "containers.conf")} {
		if _, err := os.Stat(f); err != nil {
			t.Fatalf("%v: run `make compose-e2e` (deploy/composee2e/prepare.sh makes it)", err)
		}
	}
	r.serveAPI(t)
	return r
}

// serveAPI starts podman's Docker-compatible API on r.socket until cleanup.
func (r *runtime) serveAPI(t *testing.T) {
	t.Helper()
	_ = os.Remove(r.socket)
	p := &teststack.Process{
		Name: "podman system service", Bin: "podman", Args: []string{"system", "service", "--time=0", "unix://" + r.socket},
		Env: r.env, LogPath: filepath.Join(t.TempDir(), "podman-service.log"),
	}
	if err := p.Start(0); err != nil {
		t.Fatalf("podman system service: %v", err)
	}
	t.Cleanup(func() {
		p.StopWith(os.Interrupt, 10*time.Second)
		_ = os.Remove(r.socket)
	})
	client := http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, "unix", r.socket)
	}}, Timeout: 2 * time.Second}
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := client.Get("http://podman/_ping")
		if err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if !p.Alive() {
			t.Fatalf("podman system service exited:\n%s", p.LogTail())
		}
		if time.Now().After(deadline) {
			t.Fatalf("podman's API did not answer on %s within 30s (%v):\n%s", r.socket, err, p.LogTail())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// podman runs podman with the test's configuration and returns its stdout.
func (r *runtime) podman(ctx context.Context, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "podman", args...)
	cmd.Env = r.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("podman %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return stdout.String(), nil
}

// ids lists the ids of the project's objects of a kind (container, network,
// volume), found by the label compose puts on each.
func (r *runtime) ids(ctx context.Context, kind string) ([]string, error) {
	args := map[string][]string{
		"container": {"ps", "-a", "--format", "{{.ID}}"},
		"network":   {"network", "ls", "--format", "{{.ID}}"},
		"volume":    {"volume", "ls", "--format", "{{.Name}}"},
	}[kind]
	out, err := r.podman(ctx, append(args, "--filter", "label=com.docker.compose.project="+project)...)
	return strings.Fields(out), err
}

// stack is one run of the compose project, with what it created.
type stack struct {
	r       *runtime
	files   []string // -f, in order
	envFile string
	publish string // USER_API_PUBLISH
	// prometheus and jaeger are where the observability profile's
	// Prometheus and Jaeger are published (PROMETHEUS_PUBLISH,
	// JAEGER_PUBLISH).
	prometheus, jaeger string
	// services are those the test runs: the default profile's and the
	// observability profile's but Grafana, which has no stand-in
	// (prepare.sh).
	services []composeService

	mu      sync.Mutex
	created map[string][]string // kind -> ids, every id seen
}

// composeService is what the test reads of a service of the resolved
// compose file.
type composeService struct {
	Name        string
	Healthcheck struct {
		Interval      time.Duration
		StartPeriod   time.Duration
		StartInterval time.Duration
	}
}

// newStack resolves the compose file with .env.example, writes the override
// that adapts it to podman, and registers the cleanup that removes every
// container, network and volume of the project by id. Objects a killed
// earlier run left behind are removed first.
func newStack(t *testing.T, r *runtime, publish string) *stack {
	t.Helper()
	s := &stack{
		r:          r,
		files:      []string{filepath.Join(r.root, "deploy", "docker-compose.yml")},
		envFile:    filepath.Join(r.root, "deploy", ".env.example"),
		publish:    publish,
		prometheus: freeAddr(t),
		jaeger:     freeAddr(t),
		created:    map[string][]string{},
	}
	ctx := context.Background()
	s.record(ctx)
	if err := s.remove(ctx); err != nil {
		t.Fatalf("removing what an earlier run left: %v", err)
	}
	s.created = map[string][]string{}

	out, err := s.compose(ctx, "config", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Services map[string]struct {
			Healthcheck *struct {
				Interval      string `json:"interval"`
				StartPeriod   string `json:"start_period"`
				StartInterval string `json:"start_interval"`
			} `json:"healthcheck"`
		} `json:"services"`
	}
	if err := json.Unmarshal([]byte(out), &cfg); err != nil {
		t.Fatalf("compose config: %v", err)
	}
	var override strings.Builder
	override.WriteString("# podman's API (1.41) predates healthcheck.start_interval (Docker Engine 25);\n# the test drives the healthchecks itself, start_interval included.\nservices:\n")
	for name, svc := range cfg.Services {
		if name == "grafana" {
			continue
		}
		cs := composeService{Name: name}
		if hc := svc.Healthcheck; hc != nil {
			cs.Healthcheck.Interval = duration(t, hc.Interval, 30*time.Second)
			cs.Healthcheck.StartPeriod = duration(t, hc.StartPeriod, 0)
			cs.Healthcheck.StartInterval = duration(t, hc.StartInterval, 5*time.Second)
			if hc.StartInterval != "" {
				fmt.Fprintf(&override, "  %s:\n    healthcheck:\n      start_interval: !reset null\n", name)
			}
		}
		s.services = append(s.services, cs)
	}
	slices.SortFunc(s.services, func(a, b composeService) int { return strings.Compare(a.Name, b.Name) })
	path := filepath.Join(t.TempDir(), "podman.override.yml")
	if err := os.WriteFile(path, []byte(override.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	s.files = append(s.files, path)

	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		if t.Failed() {
			s.dumpLogs(t, ctx)
		}
		s.record(ctx)
		if err := s.remove(ctx); err != nil {
			t.Errorf("cleanup: %v", err)
		}
	})
	return s
}

func duration(t *testing.T, s string, def time.Duration) time.Duration {
	t.Helper()
	if s == "" {
		return def
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		t.Fatalf("healthcheck duration %q: %v", s, err)
	}
	return d
}

// compose runs the compose CLI on the project against podman's socket, with
// only the environment it needs (so nothing of the caller's environment
// changes the file's values), and returns its stdout.
func (s *stack) compose(ctx context.Context, args ...string) (string, error) {
	// The observability profile is on for every command (down removes its
	// containers too); up names the services it starts.
	full := []string{"--env-file", s.envFile, "--profile", "observability"}
	for _, f := range s.files {
		full = append(full, "-f", f)
	}
	cmd := exec.CommandContext(ctx, s.r.compose, append(full, args...)...)
	cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + s.r.state,
		"DOCKER_CONFIG=" + filepath.Join(s.r.state, "docker-config"),
		"DOCKER_HOST=unix://" + s.r.socket,
		"USER_API_PUBLISH=" + s.publish,
		"PROMETHEUS_PUBLISH=" + s.prometheus,
		"JAEGER_PUBLISH=" + s.jaeger,
		// The services send their traces to the profile's Jaeger, as make up
		// OBSERVABILITY=1 has them do.
		"OTEL_EXPORTER_OTLP_ENDPOINT=jaeger:4317",
		"COMPOSE_PROGRESS=plain",
		"COMPOSE_MENU=false",
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("docker compose %s: %w:\n%s%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String(), nil
}

// record adds the project's current containers, networks and volumes to
// what the stack created.
func (s *stack) record(ctx context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, kind := range []string{"container", "network", "volume"} {
		ids, _ := s.r.ids(ctx, kind)
		for _, id := range ids {
			if !slices.Contains(s.created[kind], id) {
				s.created[kind] = append(s.created[kind], id)
			}
		}
	}
}

// remove deletes, by id, every container, network and volume recorded;
// those already gone are fine.
func (s *stack) remove(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var errs []error
	for _, kind := range []string{"container", "network", "volume"} {
		for _, id := range s.created[kind] {
			var err error
			switch kind {
			case "container":
				_, err = s.r.podman(ctx, "rm", "--force", "--time=5", "--volumes", id)
			case "network":
				_, err = s.r.podman(ctx, "network", "rm", "--force", id)
			case "volume":
				_, err = s.r.podman(ctx, "volume", "rm", "--force", id)
			}
			if err != nil && !strings.Contains(err.Error(), "no such") && !strings.Contains(err.Error(), "not found") {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// dumpLogs writes every container's logs of the project into the test output.
func (s *stack) dumpLogs(t *testing.T, ctx context.Context) {
	ids, err := s.r.ids(ctx, "container")
	if err != nil {
		t.Logf("listing the containers for their logs: %v", err)
	}
	for _, id := range ids {
		name, _ := s.r.podman(ctx, "inspect", "--format", "{{.Name}} ({{.State.Status}}, health {{.State.Health.Status}})", id)
		cmd := exec.CommandContext(ctx, "podman", "logs", "--tail", "300", id)
		cmd.Env = s.r.env
		out, _ := cmd.CombinedOutput()
		t.Logf("==== logs of %s %s====\n%s", strings.TrimSpace(name), id[:12]+" ", out)
	}
}

// up starts the project's services (s.services: named, so that those of the
// observability profile start too) from the images prepare.sh built (never
// pulling or building) and waits until every container is healthy, as `make
// up OBSERVABILITY=1` does.
func (s *stack) up(ctx context.Context) error {
	args := []string{"up", "--detach", "--no-build", "--pull", "never", "--wait", "--wait-timeout", "300"}
	for _, svc := range s.services {
		args = append(args, svc.Name)
	}
	_, err := s.compose(ctx, args...)
	s.record(context.Background())
	return err
}

// containerID is the id of the one container of a compose service.
func (s *stack) containerID(ctx context.Context, service string) (string, error) {
	out, err := s.compose(ctx, "ps", "--all", "--quiet", service)
	if err != nil {
		return "", err
	}
	ids := strings.Fields(out)
	if len(ids) != 1 {
		return "", fmt.Errorf("service %s has %d containers, want 1", service, len(ids))
	}
	return ids[0], nil
}

// driveHealthchecks runs each container's healthcheck on Docker's schedule,
// which podman leaves to systemd timers, absent here: every start_interval
// during the start_period, every interval after it. It stops when ctx ends.
func (s *stack) driveHealthchecks(ctx context.Context) (wait func()) {
	byService := map[string]composeService{}
	for _, svc := range s.services {
		byService[svc.Name] = svc
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		type tracked struct {
			service       string
			started, next time.Time
			busy          bool
		}
		done := make(chan *tracked)
		seen := map[string]*tracked{}
		tick := time.NewTicker(500 * time.Millisecond)
		defer tick.Stop()
		var running sync.WaitGroup
		defer running.Wait()
		for {
			select {
			case <-ctx.Done():
				return
			case c := <-done:
				// The next check is due an interval after this one ended, as
				// with Docker; checks of a container never overlap.
				c.busy = false
				every := byService[c.service].Healthcheck.Interval
				if time.Since(c.started) < byService[c.service].Healthcheck.StartPeriod {
					every = byService[c.service].Healthcheck.StartInterval
				}
				c.next = time.Now().Add(every)
				continue
			case <-tick.C:
			}
			out, err := s.r.podman(ctx, "ps", "--filter", "label=com.docker.compose.project="+project,
				"--format", `{{.ID}} {{index .Labels "com.docker.compose.service"}}`)
			if err != nil {
				continue
			}
			now := time.Now()
			for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
				id, service, ok := strings.Cut(line, " ")
				svc, known := byService[service]
				if !ok || !known || svc.Healthcheck.Interval == 0 {
					continue
				}
				c := seen[id]
				if c == nil {
					c = &tracked{service: service, started: now, next: now}
					seen[id] = c
				}
				if c.busy || now.Before(c.next) {
					continue
				}
				c.busy = true
				running.Add(1)
				go func() {
					defer running.Done()
					// Exit 1 is an unhealthy answer, which podman records.
					_, _ = s.r.podman(ctx, "healthcheck", "run", id)
					select {
					case done <- c:
					case <-ctx.Done():
					}
				}()
			}
		}
	}()
	return wg.Wait
}
