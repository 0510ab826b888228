// Command bench measures the suite against floors measured in the same run
// on the same machine (`make bench`; see docs/performance.md):
//
//  1. GET /v1/users/me          vs the read floor (net/http + JWT + grpc-go + go-redis)
//  2. GET /v1/products/{id}     vs the read floor
//  3. POST /v1/orders, distinct products  vs pgbench running the saga's SQL
//  4. POST /v1/orders, one hot product    vs the same pgbench on one row
//
// It builds the services, starts them against scratch databases on the
// local stack's Postgres and Redis servers of their own (under an etcd key
// prefix of the run's own), prepares data, measures, checks the hot product's
// ledger, writes bench/results/<date>.{md,json} and prints the table. Run it
// from bench/ with GOWORK=off: `go run ./cmd/bench -h`.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/zsuite/bench/internal/report"
	"github.com/zsuite/testkit/stack"
)

type options struct {
	warmup, step, measure, open time.Duration
	rounds                      int
	levels                      []int
	minGain                     float64
	scenarios                   map[string]bool
	users, products             int
	productStock, hotStock      int64
	outDir                      string
	example                     bool
	profile                     bool
	captureSQL                  bool
	keepDir                     bool
	command                     string
	etcDir                      string
	serviceEnv                  []string
}

func main() {
	var (
		o         options
		levels    string
		scenarios string
		quick     bool
		redraw    string
	)
	flag.DurationVar(&o.warmup, "warmup", 3*time.Second, "warm-up of each scenario (closed loop, 8 workers)")
	flag.DurationVar(&o.step, "step", 3*time.Second, "length of each step of the concurrency search")
	flag.DurationVar(&o.measure, "measure", 5*time.Second, "length of each measured round of the closed loop at the best concurrency")
	flag.IntVar(&o.rounds, "rounds", 3, "measured rounds, alternating the suite and its floor so that the machine's other load weighs on both alike")
	flag.DurationVar(&o.open, "open", 10*time.Second, "length of the open loop at half the highest throughput")
	flag.StringVar(&levels, "levels", "4,8,16,32,64,128,256,512", "concurrency levels the search climbs")
	flag.Float64Var(&o.minGain, "min-gain", 0.05, "the search stops when two levels in a row bring less than this gain over the best before them")
	flag.StringVar(&scenarios, "scenarios", "me,product,orders,hot", "scenarios to run")
	flag.IntVar(&o.users, "users", 20, "customer accounts that place orders and read /me")
	flag.IntVar(&o.products, "products", 1000, "products of scenario 3 (and 2)")
	flag.Int64Var(&o.productStock, "product-stock", 1_000_000, "stock of each product")
	flag.Int64Var(&o.hotStock, "hot-stock", 10_000_000, "stock of the hot product")
	flag.StringVar(&o.outDir, "out", "results", "where the Markdown and JSON go")
	flag.BoolVar(&o.example, "example", false, "also write them as example.md and example.json (the committed example)")
	flag.BoolVar(&o.profile, "profile", false, "take a CPU profile of every service during each measured closed loop, and a heap profile at its end, into <out>/profiles-<date>/")
	flag.BoolVar(&o.captureSQL, "capture-sql", false, "print the SQL one order issues (log_statement=all on scratch databases) and exit")
	flag.BoolVar(&o.keepDir, "keep", false, "keep the run's temporary folder (binaries, logs)")
	flag.StringVar(&o.command, "command", "cd bench && GOWORK=off go run ./cmd/bench "+strings.Join(os.Args[1:], " "), "how the run was started, for the report")
	flag.StringVar(&o.etcDir, "etc", "", "what-if experiments: take the services' config files from this folder instead of each service's etc/")
	flag.Func("env", "what-if experiments: NAME=value added to every service's environment (repeatable), e.g. -env GOGC=200", func(v string) error {
		if !strings.Contains(v, "=") {
			return fmt.Errorf("want NAME=value")
		}
		o.serviceEnv = append(o.serviceEnv, v)
		return nil
	})
	flag.StringVar(&redraw, "draw", "", "draw a past run again from its JSON (path/bench-<date>.json): its charts and Markdown, beside it; nothing is measured")
	flag.BoolVar(&quick, "quick", false, "short runs for development: 1 s steps, 2 rounds of 2 s, 3 s open loops")
	flag.Parse()

	if redraw != "" {
		if err := report.Redraw(redraw); err != nil {
			fatalf("%v", err)
		}
		return
	}
	o.command = strings.TrimSpace(o.command)
	if quick {
		o.warmup, o.step, o.measure, o.open, o.rounds = time.Second, time.Second, 2*time.Second, 3*time.Second, 2
	}
	for _, l := range strings.Split(levels, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(l))
		if err != nil || n < 1 {
			fatalf("bad -levels %q", levels)
		}
		o.levels = append(o.levels, n)
	}
	o.scenarios = map[string]bool{}
	for _, s := range strings.Split(scenarios, ",") {
		switch s = strings.TrimSpace(s); s {
		case report.Me, report.Product, report.Orders, report.Hot:
			o.scenarios[s] = true
		default:
			fatalf("unknown scenario %q (me, product, orders, hot)", s)
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o); err != nil {
		if errors.Is(err, context.Canceled) {
			fatalf("interrupted")
		}
		fatalf("%v", err)
	}
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
	os.Exit(1)
}

var started = time.Now()

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "[bench %5.1fs] %s\n", time.Since(started).Seconds(), fmt.Sprintf(format, args...))
}

// env is what every step of a run needs.
type env struct {
	o      options
	root   string
	tmp    string
	binDir string
	// peaks, once the suite runs, records the services' peak RSS by phase;
	// current is the title of the scenario running.
	peaks   *peaks
	current string
}

func run(ctx context.Context, o options) error {
	root, err := stack.Root()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "zsuite-bench-")
	if err != nil {
		return err
	}
	if o.keepDir {
		logf("keeping %s", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}
	e := &env{o: o, root: root, tmp: tmp, binDir: filepath.Join(tmp, "bin")}
	if err := e.build(); err != nil {
		return err
	}
	if o.captureSQL {
		return e.captureSQL(ctx)
	}
	return e.bench(ctx)
}
