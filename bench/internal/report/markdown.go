package report

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/zsuite/bench/internal/load"
)

// Markdown renders the report.
func (r *Report) Markdown() string {
	var b strings.Builder
	m := r.Machine
	fmt.Fprintf(&b, "# make bench: %s\n\n", m.Date)
	fmt.Fprintf(&b, "Machine: %d CPUs (%s), %d MB memory, Linux %s; %s; PostgreSQL %s; Redis %s; commit %s.  \n",
		m.CPUs, m.CPUModel, m.MemoryMB, m.Kernel, m.GoVersion, m.Postgres, m.Redis, m.Commit)
	st := r.Settings
	fmt.Fprintf(&b, "Command: `%s` (%.0f s). Each side (suite, floor): warm-up %.0f s, then a closed-loop search in steps of %.0f s over workers %v; then %d rounds of %.0f s at the best concurrency, suite and floor alternating; then open loops of %.0f s at half the suite's throughput. %d users, %d products of stock %d, one hot product of stock %d.\n\n",
		r.Command, r.Seconds, st.WarmupSeconds, st.StepSeconds, st.Levels, st.Rounds, st.MeasureSeconds, st.OpenSeconds, st.Users, st.Products, st.ProductStock, st.HotStock)

	if st.EtcDir != "" {
		fmt.Fprintf(&b, "**What-if run**: the services read their config from `%s`, not from their etc/.\n\n", st.EtcDir)
	}
	if len(st.Env) > 0 {
		fmt.Fprintf(&b, "**What-if run**: the services ran with `%s` in their environment.\n\n", strings.Join(st.Env, " "))
	}
	// The shapes first: each scenario's charts, one row each.
	if r.hasCharts() {
		b.WriteString("## Charts\n\nThroughput against concurrency (suite, floor, peer), latency at half the suite's highest rate, CPU per request by process.\n\n")
		for _, s := range r.Scenarios {
			for _, c := range s.Charts {
				fmt.Fprintf(&b, "![%s](%s) ", s.Title, c)
			}
			if len(s.Charts) > 0 {
				b.WriteString("\n\n")
			}
		}
	}
	b.WriteString("## Throughput and latency\n\n")
	b.WriteString("| scenario | suite max /s (workers) | floor max /s | suite / floor | goal | suite p50 / p99 / p99.9 ms (open loop) | floor p50 / p99 / p99.9 ms (same rate) | errors |\n")
	b.WriteString("|---|---:|---:|---:|---:|---|---|---:|\n")
	for _, s := range r.Scenarios {
		floor, ratio, goal := "–", "–", "–"
		if f := s.FloorThroughput(); f > 0 {
			floor = fmt.Sprintf("%.0f", f)
			ratio = fmt.Sprintf("**%.2f**", s.Ratio())
		}
		switch s.Key {
		case Me, Product:
			goal = fmt.Sprintf("≥ %.2f", ReadRatioGoal)
		case Orders:
			goal = fmt.Sprintf("≥ %.2f at the floor's best, p99 ≤ the floor's", OrdersRatioGoal)
		case Hot:
			goal = fmt.Sprintf("≥ %.2f at the floor's best, p99 ≤ the floor's", HotRatioGoal)
		}
		errs := s.Suite.Max.Errors
		suiteLat := "–"
		if o := s.Suite.Open; o != nil {
			errs += o.Errors
			suiteLat = fmt.Sprintf("%s @ %.0f/s", lat(o.Latency), o.OfferedRate)
		}
		floorLat := "–"
		switch {
		case s.ReadFloor != nil && s.ReadFloor.Open != nil:
			floorLat = lat(s.ReadFloor.Open.Latency)
		case s.WriteFloor != nil && s.WriteFloor.OpenOrder != nil && s.WriteFloor.OpenInventory != nil:
			o, i := s.WriteFloor.OpenOrder.Latency, s.WriteFloor.OpenInventory.Latency
			floorLat = fmt.Sprintf("%s (order DB) + %s (inventory DB)", lat(o), lat(i))
		}
		fmt.Fprintf(&b, "| %s | %.0f (%d) | %s | %s | %s | %s | %s | %d |\n",
			s.Title, s.Suite.Max.Throughput, s.Suite.Max.Workers, floor, ratio, goal, suiteLat, floorLat, errs)
	}

	for _, s := range r.Scenarios {
		if s.Peer == nil {
			continue
		}
		b.WriteString("\n## The peer: what a go-zero user would write\n\n")
		b.WriteString("goctl's api + rpc with default configuration and goctl's cached model of the same users table, the same JWT (bench/peer; docs/performance.md).\n\n")
		b.WriteString("| scenario | suite max /s (workers) | peer max /s (workers) | suite / peer | goal | suite p50 / p99 / p99.9 ms (open loop) | peer p50 / p99 / p99.9 ms (same rate) | peer errors |\n")
		b.WriteString("|---|---:|---:|---:|---:|---|---|---:|\n")
		suiteLat, peerLat, errs := "–", "–", s.Peer.Max.Errors
		if o := s.Suite.Open; o != nil {
			suiteLat = fmt.Sprintf("%s @ %.0f/s", lat(o.Latency), o.OfferedRate)
		}
		if o := s.Peer.Open; o != nil {
			peerLat = lat(o.Latency)
			errs += o.Errors
		}
		fmt.Fprintf(&b, "| %s | %.0f (%d) | %.0f (%d) | **%.2f** | ≥ %.2f | %s | %s | %d |\n",
			s.Title, s.Suite.Max.Throughput, s.Suite.Max.Workers, s.Peer.Max.Throughput, s.Peer.Max.Workers, s.PeerRatio(), PeerRatioGoal, suiteLat, peerLat, errs)
	}

	b.WriteString("\n## Goals\n\n| goal | target | measured | met |\n|---|---|---|---|\n")
	for _, g := range r.Goals {
		met := "no"
		if g.Met {
			met = "yes"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", g.Name, g.Target, g.Actual, met)
	}

	b.WriteString("\n## CPU seconds per 1,000 requests, by process\n\n")
	b.WriteString("Over the measured closed-loop rounds of each side, at its highest throughput (a write floor: per 1,000 orders, each database per 1,000 of its own transactions). Postgres counts the server and all its backends, so it includes anything else that ran on the shared local stack meanwhile. The last column sums every process but the load generator: the CPU the system spends per request.\n\n")
	procs := usageColumns(r.Scenarios)
	b.WriteString("| scenario | run | " + strings.Join(procs, " | ") + " | all but the load generator |\n|---|---|" + strings.Repeat("---:|", len(procs)+1) + "\n")
	row := func(title, run string, us []Usage) {
		if len(us) == 0 {
			return
		}
		cells := make([]string, len(procs))
		for i, p := range procs {
			cells[i] = "–"
			for _, u := range us {
				if u.Process == p {
					cells[i] = fmt.Sprintf("%.3f", u.CPUPer1k())
				}
			}
		}
		fmt.Fprintf(&b, "| %s | %s | %s | **%.3f** |\n", title, run, strings.Join(cells, " | "), SystemCPUPer1k(us))
	}
	for _, s := range r.Scenarios {
		row(s.Title, "suite", s.Usage)
		row(s.Title, "floor", s.FloorUsage)
		row(s.Title, "peer", s.PeerUsage)
	}

	if len(r.Memory) > 0 {
		b.WriteString("\n## Memory at the end of the run\n\n| service | RSS MB | peak RSS MB |\n|---|---:|---:|\n")
		for _, m := range r.Memory {
			fmt.Fprintf(&b, "| %s | %.1f | %.1f |\n", m.Service, m.RSSMB, m.PeakMB)
		}
		b.WriteString(phasePeaks(r.Memory))
	}

	b.WriteString("\n## Details\n\n")
	for _, s := range r.Scenarios {
		fmt.Fprintf(&b, "- **%s**: suite search %s; rounds %s/s (%d requests in %.1f s)", s.Title, steps(s.Suite.Search), floats(s.Suite.Rounds), s.Suite.Max.Requests, s.Suite.Max.Seconds)
		if s.ReadFloor != nil {
			fmt.Fprintf(&b, "; floor search %s; floor rounds %s/s", steps(s.ReadFloor.Search), floats(s.ReadFloor.Rounds))
		}
		if s.WriteFloor != nil {
			if len(s.WriteFloor.Search) > 0 {
				fmt.Fprintf(&b, "; floor search (pgbench clients→orders/s) %s", steps(s.WriteFloor.Search))
			}
			fmt.Fprintf(&b, "; floor rounds at the suite's %d workers %s orders/s", s.WriteFloor.Clients, floats(s.WriteFloor.Rounds))
		}
		if len(s.RoundRatios) > 0 {
			fmt.Fprintf(&b, "; ratio by round %s", floats2(s.RoundRatios))
		}
		if s.Peer != nil {
			fmt.Fprintf(&b, "; peer search %s; peer rounds %s/s; suite / peer by round %s", steps(s.Peer.Search), floats(s.Peer.Rounds), floats2(s.PeerRoundRatios))
		}
		if w := s.WriteFloor; w != nil {
			fmt.Fprintf(&b, "; pgbench -c %d: order DB %.0f tps (p99 %.1f ms), inventory DB %.0f tps (p99 %.1f ms), %d failed",
				w.Clients, w.Order.TPS, w.Order.Latency.P99, w.Inventory.TPS, w.Inventory.Latency.P99, w.Order.Failed+w.Inventory.Failed)
		}
		b.WriteString(".\n")
		errorKinds := func(who string, results ...*load.Result) {
			for _, res := range results {
				if res == nil {
					continue
				}
				for kind, n := range res.ErrorKinds {
					fmt.Fprintf(&b, "  - %s%d × `%s`\n", who, n, kind)
				}
			}
		}
		errorKinds("", &s.Suite.Max, s.Suite.Open)
		if s.Peer != nil {
			errorKinds("the peer: ", &s.Peer.Max, s.Peer.Open)
		}
	}
	var failed []string
	for _, s := range r.Scenarios {
		for _, f := range s.Failed {
			failed = append(failed, fmt.Sprintf("- %s: %s\n", s.Title, f))
		}
	}
	if len(failed) > 0 {
		b.WriteString("\n## What could not run\n\nThe run went on without these steps; figures that need them are missing above.\n\n")
		b.WriteString(strings.Join(failed, ""))
	}
	if len(r.Checks) > 0 {
		b.WriteString("\n## Checks\n\n")
		for _, c := range r.Checks {
			ok := "ok"
			if !c.OK {
				ok = "FAILED"
			}
			fmt.Fprintf(&b, "- %s: %s — %s\n", c.Name, ok, c.Detail)
		}
	}
	return b.String()
}

func floats(v []float64) string {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = fmt.Sprintf("%.0f", x)
	}
	return strings.Join(parts, ", ")
}

func floats2(v []float64) string {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = fmt.Sprintf("%.2f", x)
	}
	return strings.Join(parts, ", ")
}

func lat(p load.Percentiles) string {
	return fmt.Sprintf("%.2f / %.2f / %.2f", p.P50, p.P99, p.P999)
}

func steps(s []load.Step) string {
	parts := make([]string, len(s))
	for i, st := range s {
		parts[i] = fmt.Sprintf("%d→%.0f/s", st.Workers, st.Throughput)
		if st.Errors > 0 {
			parts[i] += fmt.Sprintf(" (%d errors)", st.Errors)
		}
	}
	return strings.Join(parts, ", ")
}

// usageColumns lists the processes of every scenario, suite ones first, in
// the order they first appear.
func usageColumns(scenarios []Scenario) []string {
	var out []string
	seen := map[string]bool{}
	add := func(us []Usage) {
		for _, u := range us {
			if !seen[u.Process] {
				seen[u.Process] = true
				out = append(out, u.Process)
			}
		}
	}
	for _, s := range scenarios {
		add(s.Usage)
	}
	for _, s := range scenarios {
		add(s.FloorUsage)
	}
	for _, s := range scenarios {
		add(s.PeerUsage)
	}
	return out
}

// Write writes the report as name.md and name.json in dir.
func (r *Report) Write(dir, name string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := r.drawCharts(dir, name); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, name+".md"), []byte(r.Markdown()), 0o644); err != nil {
		return err
	}
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, name+".json"), append(b, '\n'), 0o644)
}

func (r *Report) hasCharts() bool {
	for _, s := range r.Scenarios {
		if len(s.Charts) > 0 {
			return true
		}
	}
	return false
}

// Redraw reads the JSON of a past run and writes its charts and Markdown
// again beside it, as Write did (after a change to the charts, or for a run
// written before they existed).
func Redraw(jsonPath string) error {
	b, err := os.ReadFile(jsonPath) //nolint:gosec // G304: the operator's -draw flag
	if err != nil {
		return err
	}
	var r Report
	if err := json.Unmarshal(b, &r); err != nil {
		return fmt.Errorf("%s: %w", jsonPath, err)
	}
	return r.Write(filepath.Dir(jsonPath), strings.TrimSuffix(filepath.Base(jsonPath), ".json"))
}

// phasePeaks is the table of every service's peak RSS in each phase of the
// run, one row a phase, one column a service; empty without phases.
func phasePeaks(ms []Memory) string {
	var phases []string
	peak := map[string]map[string]float64{}
	for _, m := range ms {
		for _, p := range m.Phases {
			if peak[p.Phase] == nil {
				peak[p.Phase] = map[string]float64{}
				phases = append(phases, p.Phase)
			}
			peak[p.Phase][m.Service] = p.PeakMB
		}
	}
	if len(phases) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\nPeak RSS MB in each phase (each service's peak is reset as a phase starts):\n\n| phase |")
	for _, m := range ms {
		b.WriteString(" " + m.Service + " |")
	}
	b.WriteString("\n|---|")
	for range ms {
		b.WriteString("---:|")
	}
	b.WriteString("\n")
	for _, ph := range phases {
		b.WriteString("| " + ph + " |")
		for _, m := range ms {
			if v, ok := peak[ph][m.Service]; ok {
				fmt.Fprintf(&b, " %.1f |", v)
			} else {
				b.WriteString(" – |")
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}
