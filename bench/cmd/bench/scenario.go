package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/zsuite/bench/internal/load"
	"github.com/zsuite/bench/internal/pgfloor"
	"github.com/zsuite/bench/internal/report"
)

// account sums up what its meters spend over the measured rounds of one side
// of a scenario (the suite, or its floor), and the requests those rounds sent:
// both sides are accounted at their highest throughput, alike.
type account struct {
	meters   []meter
	cpu      []float64
	rss      []int64
	requests int
	// perMeter overrides requests for a meter (a write floor's databases
	// count their own transactions).
	perMeter map[string]int
}

func newAccount(ms []meter) *account {
	return &account{meters: ms, cpu: make([]float64, len(ms)), rss: make([]int64, len(ms)), perMeter: map[string]int{}}
}

// phase runs f, which returns how many requests it sent, and adds what the
// meters spent meanwhile.
func (a *account) phase(f func() (int, error)) error {
	before, err := readMeters(a.meters)
	if err != nil {
		return err
	}
	n, ferr := f()
	after, err := readMeters(a.meters)
	if err != nil {
		return err
	}
	for i := range a.meters {
		a.cpu[i] += after[i].cpu - before[i].cpu
		a.rss[i] = after[i].rss
	}
	a.requests += n
	return ferr
}

func (a *account) usage() []report.Usage {
	out := make([]report.Usage, len(a.meters))
	for i, m := range a.meters {
		n := a.requests
		if v, ok := a.perMeter[m.name]; ok {
			n = v
		}
		out[i] = report.Usage{Process: m.name, CPUSeconds: a.cpu[i], Requests: n, RSSMB: mb(a.rss[i])}
	}
	return out
}

// search warms an HTTP side up and finds its concurrency of highest
// throughput.
func (e *env) search(label string, a load.Attack) (int, []load.Step) {
	warm := a.Closed(8, e.o.warmup)
	if warm.Errors > 0 {
		logf("  %s warm-up: %d of %d requests failed: %v", label, warm.Errors, warm.Requests, warm.ErrorKinds)
	}
	return a.Search(e.o.levels, e.o.step, e.o.minGain, func(s load.Step) {
		logf("  %s %3d workers: %7.0f/s, %d errors", label, s.Workers, s.Throughput, s.Errors)
	})
}

// closedRound is one measured closed-loop round of an HTTP side.
func (e *env) closedRound(a load.Attack, workers int, acct *account, profile func(time.Duration) func()) (load.Result, error) {
	var r load.Result
	err := acct.phase(func() (int, error) {
		var done func()
		if profile != nil {
			done = profile(e.o.measure)
		}
		r = a.Closed(workers, e.o.measure)
		if done != nil {
			done()
		}
		return r.Requests, nil
	})
	return r, err
}

// openLoop is an HTTP side's open loop at rate.
func (e *env) openLoop(label string, a load.Attack, rate int) *load.Result {
	if label == "suite" && e.peaks != nil {
		e.peaks.cut(e.current + ": closed loops")
	}
	r := a.Open(rate, e.o.open)
	logf("  %s open loop %d/s: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, %d errors", label, rate, r.Latency.P50, r.Latency.P99, r.Latency.P999, r.Errors)
	return &r
}

func throughputs(rs []load.Result) []float64 {
	out := make([]float64, len(rs))
	for i, r := range rs {
		out[i] = r.Throughput
	}
	return out
}

// side is one more HTTP implementation of a read scenario measured beside
// the suite and its floor (the peer of /me).
type side struct {
	attack load.Attack
	acct   *account
}

// readScenario measures the suite and its read floor (and the peer, when
// given): each searched alone, then rounds that alternate them at their best
// concurrency, then an open loop at half the suite's throughput on each.
func (e *env) readScenario(sc *report.Scenario, suiteAttack, floorAttack load.Attack, suiteAcct, floorAcct *account, peer *side, profile func(time.Duration) func()) error {
	bestS, stepsS := e.search("suite", suiteAttack)
	bestF, stepsF := e.search("floor", floorAttack)
	var (
		bestP  int
		stepsP []load.Step
	)
	if peer != nil {
		bestP, stepsP = e.search("peer", peer.attack)
	}
	var rs, rf, rp []load.Result
	for i := range e.o.rounds {
		p := profile
		if i > 0 {
			p = nil
		}
		r, err := e.closedRound(suiteAttack, bestS, suiteAcct, p)
		if err != nil {
			return err
		}
		f, err := e.closedRound(floorAttack, bestF, floorAcct, nil)
		if err != nil {
			return err
		}
		logf("  round %d: suite %.0f/s (%d workers, %d errors), floor %.0f/s (%d workers, %d errors)", i+1, r.Throughput, bestS, r.Errors, f.Throughput, bestF, f.Errors)
		rs, rf = append(rs, r), append(rf, f)
		sc.RoundRatios = append(sc.RoundRatios, ratio(r.Throughput, f.Throughput))
		if peer != nil {
			q, err := e.closedRound(peer.attack, bestP, peer.acct, nil)
			if err != nil {
				return err
			}
			logf("  round %d: peer %.0f/s (%d workers, %d errors)", i+1, q.Throughput, bestP, q.Errors)
			rp = append(rp, q)
			sc.PeerRoundRatios = append(sc.PeerRoundRatios, ratio(r.Throughput, q.Throughput))
		}
	}
	sc.Suite.Search, sc.Suite.Max, sc.Suite.Rounds = stepsS, load.Merge(rs...), throughputs(rs)
	floor := report.Measurement{Search: stepsF, Max: load.Merge(rf...), Rounds: throughputs(rf)}
	rate := max(1, int(sc.Suite.Max.Throughput/2))
	sc.Suite.Open = e.openLoop("suite", suiteAttack, rate)
	floor.Open = e.openLoop("floor", floorAttack, rate)
	sc.ReadFloor = &floor
	sc.Usage, sc.FloorUsage = suiteAcct.usage(), floorAcct.usage()
	if peer != nil {
		sc.Peer = &report.Measurement{Search: stepsP, Max: load.Merge(rp...), Rounds: throughputs(rp), Open: e.openLoop("peer", peer.attack, rate)}
		sc.PeerUsage = peer.acct.usage()
	}
	return nil
}

func ratio(a, b float64) float64 {
	if b <= 0 {
		return 0
	}
	return a / b
}

// writeScenario measures the suite's orders and the write floor: the suite
// searched alone, pgbench at the concurrency it found, rounds that alternate
// the two, then open loops at half the suite's throughput.
func (e *env) writeScenario(ctx context.Context, sc *report.Scenario, suiteAttack load.Attack, suiteAcct *account, w *writeFloorDBs, hot bool, profile func(time.Duration) func()) error {
	best, steps := e.search("suite", suiteAttack)
	var fm []meter
	for _, pg := range []struct{ svc, name string }{{"order-rpc", "postgres (orders)"}, {"inventory-rpc", "postgres (inventory)"}} {
		if m, ok := e.postgresMeter(ctx, pg.svc, pg.name); ok {
			fm = append(fm, m)
		}
	}
	fm = append(fm, childrenMeter(report.LoadGenerator+" (pgbench)"))
	floorAcct := newAccount(fm)
	lo, hi := int64(1), int64(e.o.products)
	if hot && w != nil {
		lo, hi = w.hot, w.hot
	}
	vars := map[string]string{"users": strconv.Itoa(e.o.users), "pidlo": strconv.FormatInt(lo, 10), "pidhi": strconv.FormatInt(hi, 10)}
	// A step that cannot run is recorded and the run goes on without it.
	fail := func(what string, err error) {
		msg := what + ": " + firstLine(err)
		logf("  %s; the run goes on without it", msg)
		sc.Failed = append(sc.Failed, msg)
	}
	// The floor takes no connection the services' pools may need: each
	// pgbench run opens only as many clients as both Postgres have room for
	// just before it (w.fit), and a run capped or skipped for lack of room is
	// recorded with the steps that could not run.
	note := func(what, why string) {
		if why != "" {
			msg := what + ": " + why
			logf("  %s", msg)
			sc.Failed = append(sc.Failed, msg)
		}
	}
	// fits is the clients the run what, which wants want, opens now (0: it
	// is skipped).
	fits := func(what string, want int) int {
		if w == nil {
			return 0
		}
		c, why := w.fit(ctx, want, 0)
		note(what, why)
		return c
	}
	if w == nil {
		fail("the write floor", errors.New("its databases could not be prepared (see the log)"))
	}
	if c := fits(fmt.Sprintf("floor warm-up, pgbench -c %d", best), best); c > 0 {
		if _, _, err := e.pgbenchPair(ctx, w, vars, c, 0, e.o.warmup); err != nil {
			fail(fmt.Sprintf("floor warm-up, pgbench -c %d", c), err)
		}
	}
	// The floor at every concurrency the suite tried (that fits): the goal
	// compares the suite with the floor at the floor's own best.
	var floorSteps []load.Step
	for _, st := range steps {
		if w == nil {
			break
		}
		done := 0
		if len(floorSteps) > 0 {
			done = floorSteps[len(floorSteps)-1].Workers
		}
		c, why := w.fit(ctx, st.Workers, done)
		if c == 0 {
			note(fmt.Sprintf("floor search, pgbench -c %d and the steps after it", st.Workers), why)
			break // they want more room still
		}
		note(fmt.Sprintf("floor search, pgbench -c %d", st.Workers), why)
		o, inv, err := e.pgbenchPair(ctx, w, vars, c, 0, e.o.step)
		if err != nil {
			fail(fmt.Sprintf("floor search, pgbench -c %d", c), err)
			break
		}
		f := load.Step{Workers: c, Throughput: min(o.TPS, inv.TPS), Errors: int(o.Failed + inv.Failed)}
		logf("  floor pgbench -c %3d: %7.0f orders/s (order DB %.0f tps, inventory DB %.0f tps)", c, f.Throughput, o.TPS, inv.TPS)
		floorSteps = append(floorSteps, f)
	}
	var (
		rs           []load.Result
		orders, invs []pgfloor.Result
		floorRounds  []float64
	)
	for i := range e.o.rounds {
		p := profile
		if i > 0 {
			p = nil
		}
		r, err := e.closedRound(suiteAttack, best, suiteAcct, p)
		if err != nil {
			fail(fmt.Sprintf("suite round %d", i+1), err)
			continue
		}
		rs = append(rs, r)
		clients := fits(fmt.Sprintf("floor round %d, pgbench -c %d", i+1, best), best)
		if clients == 0 {
			logf("  round %d: suite %.0f/s (%d errors), no floor", i+1, r.Throughput, r.Errors)
			continue
		}
		var o, inv pgfloor.Result
		err = floorAcct.phase(func() (int, error) {
			var err error
			o, inv, err = e.pgbenchPair(ctx, w, vars, clients, 0, e.o.measure)
			floorAcct.perMeter["postgres (orders)"] += int(o.Transactions)
			floorAcct.perMeter["postgres (inventory)"] += int(inv.Transactions)
			return int(min(o.Transactions, inv.Transactions)), err
		})
		if err != nil {
			fail(fmt.Sprintf("floor round %d, pgbench -c %d", i+1, clients), err)
			continue
		}
		f := min(o.TPS, inv.TPS)
		logf("  round %d: suite %.0f/s (%d errors), pgbench -c %d: order DB %.0f tps, inventory DB %.0f tps", i+1, r.Throughput, r.Errors, clients, o.TPS, inv.TPS)
		orders, invs = append(orders, o), append(invs, inv)
		floorRounds = append(floorRounds, f)
		sc.RoundRatios = append(sc.RoundRatios, ratio(r.Throughput, f))
	}
	if len(rs) == 0 {
		return errors.New("no round of the suite ran")
	}
	sc.Suite.Search, sc.Suite.Max, sc.Suite.Rounds = steps, load.Merge(rs...), throughputs(rs)
	wf := &report.WriteFloor{Search: floorSteps, Rounds: floorRounds}
	if w != nil {
		wf.Clients = best // a round capped to fewer is recorded in sc.Failed
	}
	if len(orders) > 0 {
		wf.Order, wf.Inventory = pgfloor.Merge(orders...), pgfloor.Merge(invs...)
	}
	rate := max(1, int(sc.Suite.Max.Throughput/2))
	sc.Suite.Open = e.openLoop("suite", suiteAttack, rate)
	if clients := fits(fmt.Sprintf("floor open loop, pgbench -c %d -R %d", best, rate), best); clients > 0 {
		oo, oi, err := e.pgbenchPair(ctx, w, vars, clients, float64(rate), e.o.open)
		if err != nil {
			fail(fmt.Sprintf("floor open loop, pgbench -c %d -R %d", clients, rate), err)
		} else {
			oom, oim := pgfloor.Merge(oo), pgfloor.Merge(oi)
			wf.OpenOrder, wf.OpenInventory = &oom, &oim
			logf("  floor pgbench -R %d: order DB p99 %.2f ms, inventory DB p99 %.2f ms", rate, oom.Latency.P99, oim.Latency.P99)
		}
	}
	sc.WriteFloor = wf
	sc.Usage, sc.FloorUsage = suiteAcct.usage(), floorAcct.usage()
	return nil
}

// pgbenchPair runs the order and the inventory script at once, each with
// clients clients, at rate transactions per second (0: as fast as they go).
func (e *env) pgbenchPair(ctx context.Context, w *writeFloorDBs, vars map[string]string, clients int, rate float64, d time.Duration) (pgfloor.Result, pgfloor.Result, error) {
	d = max(d, time.Second)
	var waits []func() (pgfloor.Result, error)
	for _, db := range []struct{ script, dsn string }{{"order", w.orderDSN}, {"inventory", w.invDSN}} {
		wait, err := pgfloor.Run{Bin: w.pgbench, Dir: e.tmp, DSN: db.dsn, Script: db.script, Vars: vars,
			Clients: clients, Rate: rate, Duration: d}.Start(ctx)
		if err != nil {
			for _, wt := range waits {
				_, _ = wt()
			}
			return pgfloor.Result{}, pgfloor.Result{}, err
		}
		waits = append(waits, wait)
	}
	o, oerr := waits[0]()
	i, ierr := waits[1]()
	return o, i, pairErr(oerr, ierr)
}

// pairErr is the error of the two pgbench of a pair, nil when neither
// failed. When both failed, its first line, which is what the report lists,
// holds both their first lines, and their details follow.
func pairErr(oerr, ierr error) error {
	if ierr == nil {
		return oerr
	}
	if oerr == nil {
		return ierr
	}
	o, orest, _ := strings.Cut(oerr.Error(), "\n")
	i, irest, _ := strings.Cut(ierr.Error(), "\n")
	return fmt.Errorf("%s; %s\n%s\n%s", o, i, orest, irest)
}

// firstLine is an error's first line (pgbench's output follows it).
func firstLine(err error) string {
	msg, _, _ := strings.Cut(err.Error(), "\n")
	return msg
}
