package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/zsuite/bench/internal/load"
	"github.com/zsuite/bench/internal/report"
	"github.com/zsuite/bench/internal/suite"
	"github.com/zsuite/testkit/stack"
)

// serviceOrder is the order services appear in the report: the HTTP
// services first, then the RPC services in the order of deploy/topology.
func serviceOrder(s *suite.Suite) []string {
	var http, rpc []string
	for _, svc := range s.Services {
		if svc.RPC() {
			rpc = append(rpc, svc.Name)
		} else {
			http = append(http, svc.Name)
		}
	}
	return append(http, rpc...)
}

func (e *env) bench(ctx context.Context) (err error) {
	t0 := time.Now()
	run := stack.RandomHex(3)
	if e.o.etcDir != "" {
		if e.o.etcDir, err = filepath.Abs(e.o.etcDir); err != nil {
			return err
		}
		logf("what-if run: the services read their config from %s", e.o.etcDir)
	}
	s, err := suite.Start(ctx, e.binDir, e.tmp, suite.Options{EtcDir: e.o.etcDir, Env: e.o.serviceEnv})
	defer s.Stop()
	if err != nil {
		return err
	}
	logf("the suite is up (user-api %s, logs in %s)", s.BaseURL, e.tmp)
	e.peaks = newPeaks(s)
	d, err := e.prepare(ctx, s, run)
	if err != nil {
		return err
	}
	e.peaks.cut("start and setup")
	rep := &report.Report{
		Machine: e.machine(ctx),
		Command: e.o.command,
		Settings: report.Settings{
			WarmupSeconds: e.o.warmup.Seconds(), StepSeconds: e.o.step.Seconds(),
			MeasureSeconds: e.o.measure.Seconds(), Rounds: e.o.rounds, OpenSeconds: e.o.open.Seconds(), Levels: e.o.levels,
			Users: e.o.users, Products: e.o.products, ProductStock: e.o.productStock, HotStock: e.o.hotStock,
			EtcDir: e.o.etcDir, Env: e.o.serviceEnv,
		},
	}
	var profDir string
	if e.o.profile {
		profDir = filepath.Join(e.outDir(), "profiles-"+stamp(t0))
		if err := os.MkdirAll(profDir, 0o755); err != nil {
			return err
		}
	}
	var wf *writeFloorDBs
	if e.o.scenarios[report.Orders] || e.o.scenarios[report.Hot] {
		if wf, err = e.prepareWriteFloor(ctx, run); err != nil {
			logf("the write floor: %v; the write scenarios run without it", firstLine(err))
			wf = nil
		} else {
			defer wf.drop()
		}
	}
	meters := e.suiteMeters(ctx, s)
	tg := newTargets(run, d)
	var (
		hotConfirmed atomic.Int64
		dead         error
	)

	for _, key := range []string{report.Me, report.Product, report.Orders, report.Hot} {
		if !e.o.scenarios[key] {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		sc := report.Scenario{Key: key}
		var attack load.Attack
		switch key {
		case report.Me:
			sc.Title = "1. GET /v1/users/me"
			attack = load.Attack{Targeter: tg.me(s.BaseURL)}
		case report.Product:
			sc.Title = "2. GET /v1/products/{id}"
			attack = load.Attack{Targeter: tg.product(s.BaseURL)}
		case report.Orders:
			sc.Title = "3. POST /v1/orders, distinct products"
			attack = load.Attack{Targeter: tg.order(s.BaseURL, false)}
		case report.Hot:
			sc.Title = "4. POST /v1/orders, one hot product"
			attack = load.Attack{Targeter: tg.order(s.BaseURL, true), OnResult: func(r *vegeta.Result, _ bool) {
				if r.Code == http.StatusOK {
					hotConfirmed.Add(1)
				}
			}}
		}
		logf("%s", sc.Title)
		e.current = sc.Title
		var profile func(d time.Duration) func()
		if profDir != "" {
			profile = func(d time.Duration) func() { return e.profile(s, profDir, key, d) }
		}
		suiteAcct := newAccount(meters)
		if err := e.scenario(ctx, &sc, s, d, tg, attack, suiteAcct, wf, profile); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			// What cannot be measured is reported; the run goes on.
			logf("%s: %v; the run goes on without it", sc.Title, firstLine(err))
			sc.Failed = append(sc.Failed, err.Error())
		}
		// What ran after the suite's open loop (the floor's, the peer's) is
		// counted with it: the suite only idles then.
		e.peaks.cut(sc.Title + ": open loop")
		rep.Scenarios = append(rep.Scenarios, sc)
		if err := s.CheckAlive(); err != nil {
			// A service died under load: that is the suite's failure, not
			// the bench's, and what follows would measure nothing.
			dead = err
			logf("%v: no further scenario runs", err)
			break
		}
		if sc.Suite.Max.Throughput > 0 {
			logf("%s: suite %.0f/s, floor %.0f/s, ratio %.2f (rounds %s)", sc.Title, sc.Suite.Max.Throughput, sc.FloorThroughput(), sc.Ratio(), fmtRatios(sc.RoundRatios))
		}
		if sc.Peer != nil {
			logf("%s: suite %.0f/s, peer %.0f/s, ratio %.2f (rounds %s)", sc.Title, sc.Suite.Max.Throughput, sc.Peer.Max.Throughput, sc.PeerRatio(), fmtRatios(sc.PeerRoundRatios))
		}
	}

	if dead != nil {
		rep.Checks = append(rep.Checks, report.Check{Name: "every service alive", OK: false, Detail: dead.Error()})
	} else if e.o.scenarios[report.Hot] {
		rep.Checks = append(rep.Checks, e.hotLedger(ctx, s, d, hotConfirmed.Load()))
		rep.Checks = append(rep.Checks, e.sellOut(ctx, s, d, tg))
		e.peaks.cut("checks")
	}
	rep.Memory = e.peaks.memory()
	rep.Seconds = time.Since(t0).Seconds()
	rep.Evaluate()

	name := "bench-" + stamp(t0)
	if err := rep.Write(e.outDir(), name); err != nil {
		return err
	}
	if e.o.example {
		if err := rep.Write(e.outDir(), "example"); err != nil {
			return err
		}
	}
	fmt.Println(rep.Markdown())
	logf("wrote %s.{md,json}", filepath.Join(e.outDir(), name))
	// Only what the suite got wrong fails the run: a check (ledger,
	// sell-out, a service alive) or unexpected errors in the measured runs.
	return rep.Correct()
}

// scenario measures one scenario into sc: the suite, its floor and, for /me,
// the peer.
func (e *env) scenario(ctx context.Context, sc *report.Scenario, s *suite.Suite, d *data, tg *targets, attack load.Attack, suiteAcct *account, wf *writeFloorDBs, profile func(time.Duration) func()) error {
	key := sc.Key
	switch key {
	case report.Me, report.Product:
		f, err := e.startReadFloor(ctx, s, d, key)
		if err != nil {
			return fmt.Errorf("start the read floor: %w", err)
		}
		defer f.stop()
		fa := load.Attack{Targeter: tg.me(f.baseURL)}
		if key == report.Product {
			fa.Targeter = tg.product(f.baseURL)
		}
		var peerSide *side
		if key == report.Me {
			pr, err := e.startPeer(s)
			if err != nil {
				sc.Failed = append(sc.Failed, "start the peer: "+firstLine(err))
			} else {
				defer pr.stop()
				if err := checkPeer(ctx, s.BaseURL, pr.baseURL, d.tokens[0]); err != nil {
					sc.Failed = append(sc.Failed, "the peer answers differently: "+firstLine(err))
				} else {
					peerSide = &side{attack: load.Attack{Targeter: tg.me(pr.baseURL)}, acct: newAccount(pr.meters)}
				}
			}
		}
		return e.readScenario(sc, attack, fa, suiteAcct, newAccount(f.meters), peerSide, profile)
	case report.Orders, report.Hot:
		return e.writeScenario(ctx, sc, attack, suiteAcct, wf, key == report.Hot, profile)
	}
	return nil
}

func stamp(t time.Time) string { return t.UTC().Format("20060102-150405") }

func mb(b int64) float64 { return float64(b) / (1 << 20) }

func (e *env) outDir() string {
	if filepath.IsAbs(e.o.outDir) {
		return e.o.outDir
	}
	return filepath.Join(e.root, "bench", e.o.outDir)
}

func fmtRatios(rs []float64) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = fmt.Sprintf("%.2f", r)
	}
	return strings.Join(parts, ", ")
}

// profile takes a CPU profile of every service for about d, then a heap
// profile while the load still runs (what is live at the top concurrency),
// in the background; the returned func waits for them.
func (e *env) profile(s *suite.Suite, dir, scenario string, d time.Duration) func() {
	secs := max(1, int(d.Seconds())-1)
	var wg sync.WaitGroup
	for _, name := range serviceOrder(s) {
		wg.Go(func() {
			base := fmt.Sprintf("http://127.0.0.1:%d/debug/pprof/", s.DevPort[name])
			fetchProfile(base+fmt.Sprintf("profile?seconds=%d", secs), filepath.Join(dir, scenario+"-"+name+".pprof"))
			fetchProfile(base+"heap", filepath.Join(dir, scenario+"-"+name+".heap.pprof"))
		})
	}
	return wg.Wait
}

// fetchProfile saves the profile url serves into path; a failure is logged.
func fetchProfile(url, path string) {
	resp, err := http.Get(url) //nolint:gosec // G107: a service's own debug port, on loopback
	if err != nil {
		logf("  profile %s: %v", url, err)
		return
	}
	defer resp.Body.Close()
	f, err := os.Create(path)
	if err != nil {
		logf("  profile %s: %v", path, err)
		return
	}
	defer f.Close()
	_, _ = io.Copy(f, resp.Body)
}

// machine describes the machine the run measures on.
func (e *env) machine(ctx context.Context) report.Machine {
	m := report.Machine{Date: time.Now().UTC().Format(time.RFC3339), CPUs: numCPU(), GoVersion: goVersion()}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPUModel = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			var kb int64
			if _, err := fmt.Sscanf(line, "MemTotal: %d kB", &kb); err == nil {
				m.MemoryMB = kb / 1024
			}
		}
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(b))
	}
	m.Postgres = e.query(ctx, "order-rpc", "show server_version")
	m.Redis = command("redis-server", "--version")
	if f := strings.Fields(m.Redis); len(f) >= 3 {
		m.Redis = strings.TrimPrefix(f[2], "v=")
	}
	m.Commit = command("git", "-C", e.root, "rev-parse", "--short", "HEAD")
	if command("git", "-C", e.root, "status", "--porcelain", "--untracked-files=no") != "" {
		m.Commit += " (with local changes)"
	}
	return m
}
