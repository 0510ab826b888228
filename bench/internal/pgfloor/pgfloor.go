// Package pgfloor is the write floor: pgbench running, against scratch
// databases migrated from the services' own migrations, exactly the SQL the
// order saga issues per order (scripts/*.sql), one pgbench per database, both
// at once.
package pgfloor

import (
	"bufio"
	"context"
	_ "embed"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/zsuite/bench/internal/load"
	"github.com/zsuite/bench/internal/report"
)

var (
	//go:embed scripts/order.sql
	orderScript string
	//go:embed scripts/inventory.sql
	inventoryScript string
)

// ReserveFunction is the migration that made the function the inventory
// script calls, under the repository root: inventory-rpc reserved one order
// per statement with it before group commit, and 0005 drops it, so the floor
// runs it in its own database after the migrations.
const ReserveFunction = "inventory-rpc/migrations/0002_reserve_function.sql"

// Scripts by name.
var Scripts = map[string]string{"order": orderScript, "inventory": inventoryScript}

// Pgbench finds the pgbench binary: the newest under /usr/lib/postgresql
// (Debian's layout, the same the local stack takes its Postgres from), else
// the one on PATH.
func Pgbench() (string, error) {
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pgbench")
	if len(matches) > 0 {
		sort.Slice(matches, func(i, j int) bool { return version(matches[i]) < version(matches[j]) })
		return matches[len(matches)-1], nil
	}
	if p, err := exec.LookPath("pgbench"); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("pgbench is not installed (Debian: apt-get install postgresql-contrib or postgresql)")
}

func version(path string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(path))))
	return n
}

// Run is one pgbench invocation.
type Run struct {
	Bin    string
	Dir    string // for the script and the per-transaction logs
	DSN    string // postgres://user:password@host:port/db
	Script string // a key of Scripts
	Vars   map[string]string
	// Clients is pgbench's -c; Rate, when > 0, its -R (transactions per
	// second over all clients).
	Clients  int
	Rate     float64
	Duration time.Duration
}

// Result is one run's summary and its transactions' latencies.
type Result struct {
	report.Pgbench
	latencies []time.Duration
}

// Merge sums up runs of the same script as one: transactions add up, the
// rate is that of all of them over all the runs' time, and the latency
// percentiles are those of all transactions.
func Merge(rs ...Result) report.Pgbench {
	var (
		out     report.Pgbench
		seconds float64
		all     []time.Duration
	)
	for _, r := range rs {
		out.Script, out.Rate = r.Script, r.Rate
		out.Transactions += r.Transactions
		out.Failed += r.Failed
		if r.TPS > 0 {
			seconds += float64(r.Transactions) / r.TPS
		}
		all = append(all, r.latencies...)
	}
	if seconds > 0 {
		out.TPS = float64(out.Transactions) / seconds
	}
	out.Latency = load.Summarize(all)
	return out
}

// Start starts pgbench; wait for its result with the returned func.
func (r Run) Start(ctx context.Context) (func() (Result, error), error) {
	name := fmt.Sprintf("%s-c%d-r%.0f-%d", r.Script, r.Clients, r.Rate, time.Now().UnixNano())
	script := filepath.Join(r.Dir, name+".sql")
	if err := os.WriteFile(script, []byte(Scripts[r.Script]), 0o644); err != nil {
		return nil, err
	}
	logPrefix := filepath.Join(r.Dir, name)
	args := []string{
		"-n", "-M", "prepared", "-c", strconv.Itoa(r.Clients), "-j", "1",
		"-T", strconv.Itoa(int(r.Duration.Seconds())), "-f", script,
		"-l", "--log-prefix", logPrefix,
	}
	if r.Rate > 0 {
		args = append(args, "-R", strconv.FormatFloat(r.Rate, 'f', 0, 64))
	}
	keys := make([]string, 0, len(r.Vars))
	for k := range r.Vars {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		args = append(args, "-D", k+"="+r.Vars[k])
	}
	args = append(args, r.DSN)
	cmd := exec.CommandContext(ctx, r.Bin, args...)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start pgbench: %w", err)
	}
	return func() (Result, error) {
		sum, err := Outcome(r.Script, cmd.Wait(), out.String(), errOut.String())
		sum.Script, sum.Rate = r.Script, r.Rate
		res := Result{Pgbench: sum}
		if err != nil {
			return res, err
		}
		if res.latencies, err = readLatencies(logPrefix); err != nil {
			return res, err
		}
		res.Latency = load.Summarize(res.latencies)
		return res, nil
	}, nil
}

// Outcome is what a finished pgbench of script measured, from how it exited
// (waitErr, cmd.Wait's: nil for exit status 0) and what it printed. It is an
// error when pgbench exited non-zero, when its output has no summary, or
// when clients aborted. The error's first line, which is what the report
// lists, says how pgbench exited and what it said (its first stderr line, or
// the last lines of its output when stderr is empty); the tails of both
// outputs follow it.
func Outcome(script string, waitErr error, stdout, stderr string) (report.Pgbench, error) {
	sum, perr := Parse(stdout)
	exit := "exit status 0"
	if waitErr != nil {
		exit = waitErr.Error() // "exit status 1", "signal: killed"
	}
	why := []string{exit}
	if perr != nil {
		why = append(why, perr.Error())
	}
	if n := len(abortedClient.FindAllStringIndex(stderr, -1)); n > 0 {
		why = append(why, fmt.Sprintf("%d clients aborted", n))
	}
	if len(why) == 1 && waitErr == nil {
		return sum, nil
	}
	return sum, fmt.Errorf("pgbench %s: %s: %s\n%s%s", script, strings.Join(why, ", "), said(stdout, stderr), tail(stdout), tail(stderr))
}

// abortedClient is pgbench's line for each client it gave up on.
var abortedClient = regexp.MustCompile(`client \d+ (script \d+ )?aborted`)

// said is what pgbench said about its failure: its first non-empty stderr
// line, else its output's last three non-empty lines.
func said(stdout, stderr string) string {
	for _, line := range strings.Split(stderr, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			return line
		}
	}
	var last []string
	for _, line := range strings.Split(stdout, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			last = append(last, line)
		}
	}
	if len(last) == 0 {
		return "no output"
	}
	return strings.Join(last[max(0, len(last)-3):], " / ")
}

func tail(s string) string {
	if len(s) > 2000 {
		return s[len(s)-2000:]
	}
	return s
}

// Parse reads the summary pgbench prints.
func Parse(out string) (report.Pgbench, error) {
	var r report.Pgbench
	found := false
	for _, line := range strings.Split(out, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "number of transactions actually processed:"):
			f := strings.Fields(strings.TrimPrefix(line, "number of transactions actually processed:"))
			if len(f) > 0 {
				r.Transactions, _ = strconv.ParseInt(strings.Split(f[0], "/")[0], 10, 64)
			}
		case strings.HasPrefix(line, "number of failed transactions:"):
			f := strings.Fields(strings.TrimPrefix(line, "number of failed transactions:"))
			if len(f) > 0 {
				r.Failed, _ = strconv.ParseInt(f[0], 10, 64)
			}
		case strings.HasPrefix(line, "tps = "):
			f := strings.Fields(strings.TrimPrefix(line, "tps = "))
			if len(f) > 0 {
				v, err := strconv.ParseFloat(f[0], 64)
				if err == nil {
					r.TPS, found = v, true
				}
			}
		}
	}
	if !found {
		return r, fmt.Errorf("no tps in pgbench's output")
	}
	return r, nil
}

// readLatencies reads pgbench's per-transaction logs (prefix.<pid>[.<thread>]):
// the transactions' times, the third field, in microseconds, which in a -R
// run counts from the transaction's scheduled start. It removes the logs.
func readLatencies(prefix string) ([]time.Duration, error) {
	files, err := filepath.Glob(prefix + ".*")
	if err != nil {
		return nil, err
	}
	var lat []time.Duration
	for _, f := range files {
		if strings.HasSuffix(f, ".sql") {
			continue
		}
		fh, err := os.Open(f)
		if err != nil {
			return nil, err
		}
		l, err := ParseLog(fh)
		_ = fh.Close()
		_ = os.Remove(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		lat = append(lat, l...)
	}
	return lat, nil
}

// ParseLog reads the transaction times of a pgbench log; skipped and failed
// transactions have no time and are left out.
func ParseLog(r interface{ Read([]byte) (int, error) }) ([]time.Duration, error) {
	var out []time.Duration
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 3 {
			continue
		}
		us, err := strconv.ParseInt(f[2], 10, 64)
		if err != nil {
			continue // "skipped" or "failed"
		}
		out = append(out, time.Duration(us)*time.Microsecond)
	}
	return out, sc.Err()
}
