package stack

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/zsuite/testkit/ports"
)

// BuildTags are the build tags of every service binary, as the Makefile's
// BUILD_TAGS and deploy/Dockerfile: no_k8s leaves go-zero's Kubernetes
// resolver and client-go out (the services find each other through etcd),
// which halves the binaries and takes about 20 MB off each service's RSS.
const BuildTags = "no_k8s"

// Build compiles services into dir with the repository's go.work, whatever
// GOWORK the caller runs with (the bench and the deploy checks run outside
// the workspace).
func Build(dir string, services Topology) error {
	r, err := Root()
	if err != nil {
		return err
	}
	args := []string{"build", "-tags", BuildTags, "-o", dir + string(os.PathSeparator)}
	for _, s := range services {
		args = append(args, "./"+s.Name)
	}
	cmd := exec.Command("go", args...)
	cmd.Dir = r
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "GOWORK=") {
			cmd.Env = append(cmd.Env, e)
		}
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("build the services: %v\n%s", err, out)
	}
	return nil
}

// Run is the suite's services running as processes, started in the order of
// the topology, each waited for until it is ready.
type Run struct {
	// Services are what runs.
	Services Topology
	// BinDir holds the binaries (Build); LogDir gets a <service>.log each.
	BinDir, LogDir string
	// Env is each service's environment beyond the parent's own, by name.
	Env map[string]map[string]string
	// Config is the -f file of a service; nil: etc/<its config>.
	Config func(Service) string
	// LocalPorts runs the services on the topology's ports (make run);
	// otherwise each gets free ports of its own, unless Env sets them.
	LocalPorts bool
	// ReadyTimeout bounds each service's start; 0 is 90 s.
	ReadyTimeout time.Duration
	// OwnGroups starts each service in a process group of its own
	// (Process.OwnGroup).
	OwnGroups bool
	// Replicas runs that many processes of a service (1 when absent), each
	// with the service's environment and ports of its own (free ports only:
	// not with LocalPorts). The first is named as the service, the others
	// "<service>-2", "<service>-3", ... (ReplicaName).
	Replicas map[string]int

	// Procs are the processes by name (ReplicaName); BaseURL is the REST
	// service's first replica, BaseURLs every replica's.
	Procs    map[string]*Process
	BaseURL  string
	BaseURLs []string
	// DevPort is each process's DevServer port (metrics, pprof), by name.
	DevPort map[string]int
}

// ReplicaName is the name of replica i (from 1) of service: the service's
// own name for the first, "<service>-<i>" for the others.
func ReplicaName(service string, i int) string {
	if i <= 1 {
		return service
	}
	return service + "-" + strconv.Itoa(i)
}

// replicas is how many processes of s run.
func (r *Run) replicas(s Service) int {
	if n := r.Replicas[s.Name]; n > 1 {
		return n
	}
	return 1
}

// ReplicaProcs returns the processes of service, first replica first.
func (r *Run) ReplicaProcs(service string) []*Process {
	var out []*Process
	for i := 1; ; i++ {
		p, ok := r.Procs[ReplicaName(service, i)]
		if !ok {
			return out
		}
		out = append(out, p)
	}
}

// Start starts the services one after the other. After an error, Stop stops
// what started.
func (r *Run) Start() error {
	if r.Procs == nil {
		r.Procs = map[string]*Process{}
	}
	if r.DevPort == nil {
		r.DevPort = map[string]int{}
	}
	timeout := r.ReadyTimeout
	if timeout == 0 {
		timeout = 90 * time.Second
	}
	for _, s := range r.Services {
		if r.LocalPorts && r.replicas(s) > 1 {
			return fmt.Errorf("%s: replicas need free ports, not the topology's", s.Name)
		}
		for i := 1; i <= r.replicas(s); i++ {
			if err := r.startReplica(s, ReplicaName(s.Name, i), timeout); err != nil {
				return err
			}
		}
	}
	return nil
}

// startReplica starts one process of s named name and waits until it is ready.
func (r *Run) startReplica(s Service, name string, timeout time.Duration) error {
	config := filepath.Join("etc", s.Config)
	if r.Config != nil {
		config = r.Config(s)
	}
	p := &Process{
		Name:     name,
		Bin:      filepath.Join(r.BinDir, s.Name),
		Args:     []string{"-f", config},
		LogPath:  filepath.Join(r.LogDir, name+".log"),
		OwnGroup: r.OwnGroups,
	}
	if root, err := Root(); err == nil {
		p.Dir = filepath.Join(root, s.Name)
	}
	r.Procs[name] = p
	// A free port handed out a moment ago may have been taken since by
	// another process of the machine: then the service cannot bind it
	// and exits at start, and it gets new ports.
	for attempt := 1; ; attempt++ {
		if err := r.assignPorts(s, p); err != nil {
			return err
		}
		err := p.Start(timeout)
		if err == nil {
			break
		}
		if r.LocalPorts || attempt == 3 || !strings.Contains(err.Error(), "address already in use") {
			return err
		}
	}
	if !s.RPC() {
		r.BaseURLs = append(r.BaseURLs, "http://127.0.0.1:"+envOf(p, "PORT"))
		if r.BaseURL == "" {
			r.BaseURL = r.BaseURLs[0]
		}
	}
	return nil
}

// envOf is the value of name in p's own environment.
func envOf(p *Process, name string) string {
	for _, kv := range p.Env {
		if k, v, ok := strings.Cut(kv, "="); ok && k == name {
			return v
		}
	}
	return ""
}

// assignPorts chooses the service's ports (gRPC or HTTP, DevServer,
// readiness) where Env does not set them and sets the process's environment.
func (r *Run) assignPorts(s Service, p *Process) error {
	env := map[string]string{}
	for k, v := range r.Env[s.Name] {
		env[k] = v
	}
	port := func(name string, local int) (int, error) {
		if v, ok := r.Env[s.Name][name]; ok {
			_, after, _ := strings.Cut(v, ":") // LISTEN_ON is host:port
			if after == "" {
				after = v
			}
			return strconv.Atoi(after)
		}
		if r.LocalPorts {
			return local, nil
		}
		return ports.Free()
	}
	serve, listen := "LISTEN_ON", "127.0.0.1:"
	if !s.RPC() {
		serve, listen = "PORT", ""
		if _, ok := env["HOST"]; !ok {
			env["HOST"] = "127.0.0.1"
		}
	}
	var err error
	var n [3]int
	for i, k := range []struct {
		name  string
		local int
	}{{serve, s.Port}, {"DEV_PORT", s.DevPort}, {"READY_PORT", s.ReadyPort}} {
		if n[i], err = port(k.name, k.local); err != nil {
			return fmt.Errorf("%s: %s: %w", s.Name, k.name, err)
		}
	}
	env[serve] = listen + strconv.Itoa(n[0])
	env["DEV_PORT"], env["READY_PORT"] = strconv.Itoa(n[1]), strconv.Itoa(n[2])
	r.DevPort[p.Name] = n[1]
	p.ReadyURL = "http://127.0.0.1:" + env["READY_PORT"] + "/readyz"
	p.Env = p.Env[:0]
	for k, v := range env {
		p.Env = append(p.Env, k+"="+v)
	}
	return nil
}

// Stop stops the services gracefully, the last started first.
func (r *Run) Stop() {
	for i := len(r.Services) - 1; i >= 0; i-- {
		procs := r.ReplicaProcs(r.Services[i].Name)
		for j := len(procs) - 1; j >= 0; j-- {
			procs[j].Stop()
		}
	}
}

// Alive fails when a service has exited.
func (r *Run) Alive() error {
	for _, s := range r.Services {
		for _, p := range r.ReplicaProcs(s.Name) {
			if !p.Alive() {
				return fmt.Errorf("%s exited; its log:\n%s", p.Name, p.LogTail())
			}
		}
	}
	return nil
}
