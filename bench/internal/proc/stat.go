// Package proc reads the CPU time and memory of the processes a benchmark
// measures from /proc (the processes themselves run under testkit/stack).
package proc

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// clockTicks is USER_HZ, which Linux fixes at 100 on every architecture Go
// supports for /proc/<pid>/stat.
const clockTicks = 100

// Stat is a process's CPU time and memory at one moment.
type Stat struct {
	// CPUSeconds is user plus system time since the process started.
	CPUSeconds float64
	// RSSBytes is the resident set size now; PeakRSSBytes the highest so far.
	RSSBytes, PeakRSSBytes int64
}

// Read reads /proc/<pid>/stat and /proc/<pid>/status.
func Read(pid int) (Stat, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return Stat{}, err
	}
	cpu, err := parseCPU(string(b))
	if err != nil {
		return Stat{}, fmt.Errorf("/proc/%d/stat: %w", pid, err)
	}
	s := Stat{CPUSeconds: cpu}
	b, err = os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return Stat{}, err
	}
	s.RSSBytes, s.PeakRSSBytes = parseMemory(string(b))
	return s, nil
}

// ResetPeak sets pid's peak RSS (VmHWM) back to its RSS now (clear_refs 5),
// so that the next Read's PeakRSSBytes is the peak since this call.
func ResetPeak(pid int) error {
	return os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0)
}

// parseCPU returns utime+stime in seconds from the text of /proc/<pid>/stat.
// The command name (field 2) may hold spaces and parentheses: fields are
// counted from the last ')'.
func parseCPU(stat string) (float64, error) {
	fields, err := fieldsAfterName(stat)
	if err != nil {
		return 0, err
	}
	// After the name: state is field 3, utime 14 and stime 15.
	if len(fields) < 13 {
		return 0, fmt.Errorf("too few fields")
	}
	utime, err := strconv.ParseInt(fields[11], 10, 64)
	if err != nil {
		return 0, err
	}
	stime, err := strconv.ParseInt(fields[12], 10, 64)
	if err != nil {
		return 0, err
	}
	return float64(utime+stime) / clockTicks, nil
}

// parseMemory returns VmRSS and VmHWM in bytes from /proc/<pid>/status.
func parseMemory(status string) (rss, hwm int64) {
	for _, line := range strings.Split(status, "\n") {
		name, rest, ok := strings.Cut(line, ":")
		if !ok || (name != "VmRSS" && name != "VmHWM") {
			continue
		}
		f := strings.Fields(rest)
		if len(f) == 0 {
			continue
		}
		kb, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			continue
		}
		if name == "VmRSS" {
			rss = kb * 1024
		} else {
			hwm = kb * 1024
		}
	}
	return rss, hwm
}

// TreeCPU is the CPU time of pid, of its children that have exited (which
// the kernel adds to it once pid has waited for them), and of its live
// children: what a Postgres server spends, all backends included.
func TreeCPU(pid int) (float64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	total, err := parseTreeCPU(string(b))
	if err != nil {
		return 0, err
	}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0, err
	}
	for _, e := range entries {
		child, err := strconv.Atoi(e.Name())
		if err != nil || child == pid {
			continue
		}
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", child))
		if err != nil {
			continue // gone in between
		}
		if ppid, err := parsePPID(string(b)); err != nil || ppid != pid {
			continue
		}
		if cpu, err := parseCPU(string(b)); err == nil {
			total += cpu
		}
	}
	return total, nil
}

// fieldsAfterName are the fields of /proc/<pid>/stat after the command name:
// [0] is field 3 (state).
func fieldsAfterName(stat string) ([]string, error) {
	i := strings.LastIndexByte(stat, ')')
	if i < 0 {
		return nil, fmt.Errorf("no command name")
	}
	return strings.Fields(stat[i+1:]), nil
}

func parsePPID(stat string) (int, error) {
	f, err := fieldsAfterName(stat)
	if err != nil || len(f) < 2 {
		return 0, fmt.Errorf("no ppid")
	}
	return strconv.Atoi(f[1])
}

// parseTreeCPU is utime+stime+cutime+cstime in seconds.
func parseTreeCPU(stat string) (float64, error) {
	f, err := fieldsAfterName(stat)
	if err != nil {
		return 0, err
	}
	if len(f) < 15 {
		return 0, fmt.Errorf("too few fields")
	}
	var ticks int64
	for _, s := range f[11:15] {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0, err
		}
		ticks += n
	}
	return float64(ticks) / clockTicks, nil
}

// ExitedChildrenCPU is cutime+cstime of pid: the CPU time of its children
// that have exited and been waited for.
func ExitedChildrenCPU(pid int) (float64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	all, err := parseTreeCPU(string(b))
	if err != nil {
		return 0, err
	}
	own, err := parseCPU(string(b))
	if err != nil {
		return 0, err
	}
	return all - own, nil
}
