package stack

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"time"
)

// Process is one child process with its output appended to a log file. It
// may be stopped and started again.
type Process struct {
	Name    string
	Bin     string
	Args    []string
	Dir     string
	Env     []string // added to the parent's own environment
	LogPath string
	// ReadyURL answers 200 once the process serves; empty: started is ready.
	ReadyURL string
	// OwnGroup starts the process in a process group of its own, so that a
	// Ctrl-C at the terminal reaches only the parent, which stops it.
	OwnGroup bool

	mu     sync.Mutex
	cmd    *exec.Cmd
	exited chan struct{}
}

// Start starts the process and waits up to timeout until ReadyURL answers
// 200. It fails at once when the process exits meanwhile.
func (p *Process) Start(timeout time.Duration) error {
	logf, err := os.OpenFile(p.LogPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	// Appended to, never overwritten, so that why a process died stays after
	// it restarts; each start first writes a line saying when (as stack.sh does).
	fmt.Fprintf(logf, "==== %s: starting %s\n", time.Now().UTC().Format(time.RFC3339), filepath.Base(p.Bin))
	cmd := exec.Command(p.Bin, p.Args...)
	cmd.Dir, cmd.Stdout, cmd.Stderr = p.Dir, logf, logf
	cmd.Env = append(os.Environ(), p.Env...)
	if p.OwnGroup {
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	}
	DieWithParent(cmd)
	if err := cmd.Start(); err != nil {
		_ = logf.Close()
		return fmt.Errorf("start %s: %w", p.Name, err)
	}
	exited := make(chan struct{})
	p.mu.Lock()
	p.cmd, p.exited = cmd, exited
	p.mu.Unlock()
	go func() { _ = cmd.Wait(); _ = logf.Close(); close(exited) }()
	if p.ReadyURL == "" {
		return nil
	}
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if resp, err := client.Get(p.ReadyURL); err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-exited:
			return fmt.Errorf("%s exited at start; its log:\n%s", p.Name, p.LogTail())
		case <-time.After(50 * time.Millisecond):
		}
	}
	return fmt.Errorf("%s is not ready at %s after %v; its log:\n%s", p.Name, p.ReadyURL, timeout, p.LogTail())
}

// Pid is the process id, 0 when it does not run.
func (p *Process) Pid() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cmd == nil || p.cmd.Process == nil {
		return 0
	}
	return p.cmd.Process.Pid
}

// Exited is closed when the process started last has exited; nil before a
// start.
func (p *Process) Exited() <-chan struct{} {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.exited
}

// Alive reports whether the process still runs.
func (p *Process) Alive() bool {
	exited := p.Exited()
	if exited == nil {
		return false
	}
	select {
	case <-exited:
		return false
	default:
		return true
	}
}

// Stop stops the process gracefully (SIGTERM), as an orchestrator would, and
// waits for it to exit; after 15 s it kills it.
func (p *Process) Stop() { p.StopWith(syscall.SIGTERM, 15*time.Second) }

// Kill kills the process at once (SIGKILL), as a crash would.
func (p *Process) Kill() { p.StopWith(syscall.SIGKILL, 15*time.Second) }

// StopWith sends sig and waits for the process to exit; after grace it kills
// it. Stopping a stopped process does nothing.
func (p *Process) StopWith(sig os.Signal, grace time.Duration) {
	p.mu.Lock()
	cmd, exited := p.cmd, p.exited
	p.cmd = nil
	p.mu.Unlock()
	if cmd == nil || cmd.Process == nil {
		return
	}
	_ = cmd.Process.Signal(sig)
	select {
	case <-exited:
	case <-time.After(grace):
		_ = cmd.Process.Kill()
		<-exited
	}
}

// LogTail is the end of the process's log, for failure messages.
func (p *Process) LogTail() string {
	b := p.Log()
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return b
}

// Log is everything the process has logged so far.
func (p *Process) Log() string {
	b, _ := os.ReadFile(p.LogPath)
	return string(b)
}
