// Package proc runs the processes a benchmark measures and reads their CPU
// time and memory from /proc.
package proc

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"
)

// Process is one child process with its output in a log file.
type Process struct {
	Name    string
	Bin     string
	Args    []string
	Dir     string
	Env     []string // added to the harness's own environment
	LogPath string
	// ReadyURL answers 200 once the process serves.
	ReadyURL string

	mu     sync.Mutex
	cmd    *exec.Cmd
	exited chan struct{}
}

// Start starts the process and waits up to timeout until ReadyURL answers 200.
func (p *Process) Start(timeout time.Duration) error {
	logf, err := os.OpenFile(p.LogPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	cmd := exec.Command(p.Bin, p.Args...)
	cmd.Dir, cmd.Stdout, cmd.Stderr = p.Dir, logf, logf
	cmd.Env = append(os.Environ(), p.Env...)
	if err := cmd.Start(); err != nil {
		logf.Close()
		return fmt.Errorf("start %s: %w", p.Name, err)
	}
	exited := make(chan struct{})
	p.mu.Lock()
	p.cmd, p.exited = cmd, exited
	p.mu.Unlock()
	go func() { _ = cmd.Wait(); logf.Close(); close(exited) }()
	if p.ReadyURL == "" {
		return nil
	}
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if resp, err := client.Get(p.ReadyURL); err == nil {
			resp.Body.Close()
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

// Alive reports whether the process still runs.
func (p *Process) Alive() bool {
	p.mu.Lock()
	exited := p.exited
	p.mu.Unlock()
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

// Stop sends SIGTERM and waits up to 15 s, then kills.
func (p *Process) Stop() {
	p.mu.Lock()
	cmd, exited := p.cmd, p.exited
	p.cmd = nil
	p.mu.Unlock()
	if cmd == nil || cmd.Process == nil {
		return
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(15 * time.Second):
		_ = cmd.Process.Kill()
		<-exited
	}
}

// LogTail is the end of the process's log.
func (p *Process) LogTail() string {
	b, _ := os.ReadFile(p.LogPath)
	if len(b) > 3000 {
		b = b[len(b)-3000:]
	}
	return string(b)
}
