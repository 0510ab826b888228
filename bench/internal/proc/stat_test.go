package proc

import (
	"os"
	"runtime"
	"runtime/debug"
	"testing"
)

func TestParseCPU(t *testing.T) {
	// A command name with spaces and a ')' must not shift the fields.
	stat := "4242 (user) api) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 75 0 0 20 0 9 0 100 1000000 2000 18446744073709551615"
	got, err := parseCPU(stat)
	if err != nil {
		t.Fatal(err)
	}
	if got != 3.25 {
		t.Fatalf("cpu %v, want 3.25 (250+75 ticks)", got)
	}
	tree, err := parseTreeCPU(stat)
	if err != nil || tree != 3.25 {
		t.Fatalf("tree cpu %v %v, want 3.25 (no children)", tree, err)
	}
	withChildren := "1 (postgres) S 0 1 1 0 -1 4194560 1000 0 0 0 250 75 500 25 20 0 9 0 100"
	if tree, _ := parseTreeCPU(withChildren); tree != 8.5 {
		t.Fatalf("tree cpu %v, want 8.5", tree)
	}
	if ppid, _ := parsePPID(stat); ppid != 1 {
		t.Fatalf("ppid %d", ppid)
	}
	if _, err := parseCPU("garbage"); err == nil {
		t.Fatal("want an error for text without a command name")
	}
}

func TestParseMemory(t *testing.T) {
	status := "Name:\tuser-api\nVmPeak:\t 900000 kB\nVmHWM:\t   51200 kB\nVmRSS:\t   40960 kB\nThreads:\t9\n"
	rss, hwm := parseMemory(status)
	if rss != 40960*1024 || hwm != 51200*1024 {
		t.Fatalf("rss %d hwm %d", rss, hwm)
	}
}

func TestReadSelf(t *testing.T) {
	s, err := Read(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if s.RSSBytes <= 0 || s.PeakRSSBytes < s.RSSBytes {
		t.Fatalf("implausible memory %+v", s)
	}
}

// TestResetPeak: after a reset the peak is the RSS of the moment, below a
// peak that a large allocation, since freed, had raised.
func TestResetPeak(t *testing.T) {
	big := make([]byte, 64<<20)
	for i := range big {
		big[i] = 1
	}
	before, err := Read(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	big = nil
	runtime.GC()
	debug.FreeOSMemory()
	if err := ResetPeak(os.Getpid()); err != nil {
		t.Fatal(err)
	}
	after, err := Read(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if after.PeakRSSBytes > before.PeakRSSBytes-32<<20 {
		t.Fatalf("the peak was %d bytes with 64 MiB held, %d after the reset with it freed", before.PeakRSSBytes, after.PeakRSSBytes)
	}
	_ = big
}
