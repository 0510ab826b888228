package report

import (
	"fmt"
	"strings"
)

// The goals (docs/performance.md): reads past their floor and well past the
// goctl peer; writes against the write floor at the floor's own best
// concurrency; each write scenario's p99 at half its max rate no longer than
// the floor's at the same offered rate; every service under 100 MB.
const (
	ReadRatioGoal   = 1.1
	PeerRatioGoal   = 1.5
	OrdersRatioGoal = 0.8
	HotRatioGoal    = 1.0
	RSSGoalMB       = 100.0
)

// Scenario keys.
const (
	Me      = "me"
	Product = "product"
	Orders  = "orders"
	Hot     = "hot"
)

// Names of the checks that are goals of the hot-product scenario.
const (
	HotLedgerCheck = "hot product ledger"
	NoErrorsGoal   = "no unexpected errors"
	SellOutCheck   = "sell-out"
)

// Evaluate sets r.Goals from the measurements: each goal the run has the
// numbers for, met or not.
func (r *Report) Evaluate() {
	var goals []Goal
	ratio := func(key, label string, want float64) {
		s := r.Find(key)
		if s == nil || s.FloorThroughput() == 0 {
			return
		}
		got := s.Ratio()
		goals = append(goals, Goal{
			Name:   label,
			Target: fmt.Sprintf("≥ %.2f of the floor", want),
			Actual: fmt.Sprintf("%.2f (%.0f / %.0f per s)", got, s.Suite.Max.Throughput, s.FloorThroughput()),
			Met:    got >= want,
		})
	}
	// The issue compares a write scenario with the floor at the suite's
	// concurrency; this also compares it with the floor at its own best one,
	// as the read floors are.
	atFloorsBest := func(key, label string, want float64) {
		s := r.Find(key)
		if s == nil || s.WriteFloor == nil {
			return
		}
		best, ok := s.WriteFloor.Best()
		if !ok || best.Throughput == 0 {
			return
		}
		got := s.Suite.Max.Throughput / best.Throughput
		goals = append(goals, Goal{
			Name:   label + " at its own best concurrency",
			Target: fmt.Sprintf("≥ %.2f of the floor", want),
			Actual: fmt.Sprintf("%.2f (%.0f / %.0f per s, pgbench -c %d)", got, s.Suite.Max.Throughput, best.Throughput, best.Workers),
			Met:    got >= want,
		})
	}
	ratio(Me, "1. GET /v1/users/me vs read floor", ReadRatioGoal)
	if s := r.Find(Me); s != nil && s.PeerRatio() > 0 {
		got := s.PeerRatio()
		goals = append(goals, Goal{
			Name:   "1. GET /v1/users/me vs the peer (goctl api + rpc, cached model)",
			Target: fmt.Sprintf("≥ %.2f of the peer", PeerRatioGoal),
			Actual: fmt.Sprintf("%.2f (%.0f / %.0f per s)", got, s.Suite.Max.Throughput, s.Peer.Max.Throughput),
			Met:    got >= PeerRatioGoal,
		})
	}
	ratio(Product, "2. GET /v1/products/{id} vs read floor", ReadRatioGoal)
	atFloorsBest(Orders, "3. POST /v1/orders, distinct products, vs write floor", OrdersRatioGoal)
	p99 := func(key, label string) {
		s := r.Find(key)
		if s == nil || s.Suite.Open == nil {
			return
		}
		floor, ok := s.WriteFloor.OpenP99()
		if !ok {
			return
		}
		got := s.Suite.Open.Latency.P99
		goals = append(goals, Goal{
			Name:   label + " p99 at half the max rate",
			Target: "≤ the floor's p99 at the same rate",
			Actual: fmt.Sprintf("%.1f ms vs %.1f ms at %.0f/s", got, floor, s.Suite.Open.OfferedRate),
			Met:    got <= floor && s.Suite.Open.Errors == 0,
		})
	}
	p99(Orders, "3. POST /v1/orders, distinct products,")
	atFloorsBest(Hot, "4. POST /v1/orders, one hot product, vs write floor", HotRatioGoal)
	p99(Hot, "4. POST /v1/orders, one hot product,")
	for _, c := range r.Checks {
		if c.Name == HotLedgerCheck || c.Name == SellOutCheck {
			goals = append(goals, Goal{Name: "4. " + c.Name, Target: "confirmed orders = stock taken", Actual: c.Detail, Met: c.OK})
		}
	}
	errs := 0
	for _, s := range r.Scenarios {
		errs += s.Suite.Max.Errors
		if s.Suite.Open != nil {
			errs += s.Suite.Open.Errors
		}
	}
	if len(r.Scenarios) > 0 {
		goals = append(goals, Goal{Name: NoErrorsGoal, Target: "0 in the measured runs", Actual: fmt.Sprint(errs), Met: errs == 0})
	}
	if len(r.Memory) > 0 {
		// The goal is on the peak (VmHWM), not on the RSS at the end: the
		// Go runtime returns memory after the load has stopped.
		worst := r.Memory[0]
		for _, m := range r.Memory {
			if m.PeakMB > worst.PeakMB {
				worst = m
			}
		}
		goals = append(goals, Goal{
			Name:   "every service's peak RSS",
			Target: fmt.Sprintf("< %.0f MB", RSSGoalMB),
			Actual: fmt.Sprintf("%.1f MB at most (%s)", worst.PeakMB, worst.Service),
			Met:    worst.PeakMB < RSSGoalMB,
		})
	}
	r.Goals = goals
}

// Correct is nil when every correctness check of the run held and the
// measured runs had no unexpected errors: what decides the exit status of
// make bench. A goal missed, or a step that could not run (Scenario.Failed),
// is reported, not an error.
func (r *Report) Correct() error {
	var bad []string
	for _, c := range r.Checks {
		if !c.OK {
			bad = append(bad, c.Name+": "+c.Detail)
		}
	}
	for _, g := range r.Goals {
		if g.Name == NoErrorsGoal && !g.Met {
			bad = append(bad, "unexpected errors in the measured runs: "+g.Actual)
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("correctness: %s", strings.Join(bad, "; "))
	}
	return nil
}
