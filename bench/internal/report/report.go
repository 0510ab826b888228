// Package report holds what a benchmark run measured, the ratios to the
// floors, the goals of the issue and their verdicts, and writes it all as
// Markdown and JSON.
package report

import (
	"strings"

	"github.com/zsuite/bench/internal/load"
)

// Report is one run.
type Report struct {
	Machine Machine `json:"machine"`
	// Command is how the run was started.
	Command string `json:"command"`
	// Settings are the durations and sizes the run used.
	Settings  Settings   `json:"settings"`
	Scenarios []Scenario `json:"scenarios"`
	// Memory is each service's memory at the end of the run.
	Memory []Memory `json:"memory"`
	Checks []Check  `json:"checks"`
	Goals  []Goal   `json:"goals"`
	// Seconds is how long the whole run took.
	Seconds float64 `json:"seconds"`
}

// Machine describes where the run ran.
type Machine struct {
	Date      string `json:"date"`
	CPUs      int    `json:"nproc"`
	CPUModel  string `json:"cpuModel"`
	MemoryMB  int64  `json:"memoryMB"`
	Kernel    string `json:"kernel"`
	GoVersion string `json:"goVersion"`
	Postgres  string `json:"postgres"`
	Redis     string `json:"redis"`
	Commit    string `json:"commit"`
}

// Settings are the knobs of a run.
type Settings struct {
	WarmupSeconds float64 `json:"warmupSeconds"`
	StepSeconds   float64 `json:"stepSeconds"`
	// MeasureSeconds is each round's length; Rounds how many rounds of
	// the suite and its floor, one after the other, the measurement takes.
	MeasureSeconds float64 `json:"measureSeconds"`
	Rounds         int     `json:"rounds"`
	OpenSeconds    float64 `json:"openSeconds"`
	Levels         []int   `json:"levels"`
	Users          int     `json:"users"`
	Products       int     `json:"products"`
	ProductStock   int64   `json:"productStock"`
	HotStock       int64   `json:"hotStock"`
	// EtcDir is set on what-if runs: the services read their config there.
	EtcDir string `json:"etcDir,omitempty"`
	// Env is set on what-if runs: added to every service's environment.
	Env []string `json:"env,omitempty"`
}

// Scenario is one request the suite answers, measured against its floor.
type Scenario struct {
	Key   string `json:"key"`
	Title string `json:"title"`
	// Suite is the suite's measurement; ReadFloor or WriteFloor the floor's.
	Suite      Measurement  `json:"suite"`
	ReadFloor  *Measurement `json:"readFloor,omitempty"`
	WriteFloor *WriteFloor  `json:"writeFloor,omitempty"`
	// Usage is each suite service's CPU and memory during the scenario;
	// FloorUsage the read floor's processes'.
	Usage      []Usage `json:"usage"`
	FloorUsage []Usage `json:"floorUsage,omitempty"`
	// RoundRatios are suite / floor throughput of each round, which shows
	// how much the machine's other load moved the measurement.
	RoundRatios []float64 `json:"roundRatios,omitempty"`
	// Peer is what a go-zero user would write instead (bench/peer: goctl's
	// api + rpc with the cached model), measured like the suite; PeerUsage
	// its processes' cost, PeerRoundRatios suite / peer of each round.
	Peer            *Measurement `json:"peer,omitempty"`
	PeerUsage       []Usage      `json:"peerUsage,omitempty"`
	PeerRoundRatios []float64    `json:"peerRoundRatios,omitempty"`
	// Failed says what of the scenario could not run (a floor step out of
	// connections, a pgbench failure, a timeout): the run went on without it.
	Failed []string `json:"failed,omitempty"`
	// Charts are the SVG files drawn from the above, beside the report.
	Charts []string `json:"charts,omitempty"`
}

// Measurement is a closed-loop search for the highest throughput, the
// closed loop measured at the concurrency it found (in rounds, alternating
// with the floor's), and an open loop at half the suite's throughput.
type Measurement struct {
	Search []load.Step `json:"search"`
	// Max sums up the rounds; Rounds is each one's throughput.
	Max    load.Result  `json:"max"`
	Rounds []float64    `json:"rounds"`
	Open   *load.Result `json:"open,omitempty"`
}

// WriteFloor is pgbench running the saga's SQL, one process per database,
// both at once, with as many clients as the suite's closed loop had workers.
type WriteFloor struct {
	Clients int `json:"clients"`
	// Search is the floor's orders per second with as many clients as each
	// level the suite's search tried (Workers = pgbench clients per
	// database), so that the floor at its own best concurrency is known too:
	// on a hot row pgbench slows down steeply as clients are added.
	Search []load.Step `json:"search,omitempty"`
	// Order and Inventory sum up the closed-loop rounds on each database;
	// Rounds is each round's orders per second (the slower database's).
	Order     Pgbench   `json:"order"`
	Inventory Pgbench   `json:"inventory"`
	Rounds    []float64 `json:"rounds"`
	// OpenOrder and OpenInventory run at the suite's open-loop rate.
	OpenOrder     *Pgbench `json:"openOrder,omitempty"`
	OpenInventory *Pgbench `json:"openInventory,omitempty"`
}

// Throughput is orders per second both databases sustain at once: an order
// needs its work in each.
func (w *WriteFloor) Throughput() float64 { return min(w.Order.TPS, w.Inventory.TPS) }

// Best is the floor's highest orders per second over its search, and with
// how many clients; ok is false without a search.
func (w *WriteFloor) Best() (best load.Step, ok bool) {
	for _, st := range w.Search {
		if st.Throughput > best.Throughput {
			best, ok = st, true
		}
	}
	return best, ok
}

// OpenP99 is the floor's p99 in its open loop, at the rate the suite's ran:
// an order's floor is one transaction on each database, so the larger of the
// two. ok is false when w is nil or its open loop did not run.
func (w *WriteFloor) OpenP99() (ms float64, ok bool) {
	if w == nil || w.OpenOrder == nil || w.OpenInventory == nil {
		return 0, false
	}
	return max(w.OpenOrder.Latency.P99, w.OpenInventory.Latency.P99), true
}

// Pgbench is one pgbench run.
type Pgbench struct {
	Script       string           `json:"script"`
	Rate         float64          `json:"rate,omitempty"`
	Transactions int64            `json:"transactions"`
	Failed       int64            `json:"failed"`
	TPS          float64          `json:"tps"`
	Latency      load.Percentiles `json:"latencyMs"`
}

// Usage is one process's cost during a scenario.
type Usage struct {
	Process string `json:"process"`
	// CPUSeconds is user+system CPU time during the scenario.
	CPUSeconds float64 `json:"cpuSeconds"`
	// Requests is every request the harness sent during the scenario.
	Requests int `json:"requests"`
	// RSSMB is the resident set at the scenario's end.
	RSSMB float64 `json:"rssMB"`
}

// CPUPer1k is CPU seconds per 1,000 requests.
func (u Usage) CPUPer1k() float64 {
	if u.Requests == 0 {
		return 0
	}
	return u.CPUSeconds * 1000 / float64(u.Requests)
}

// LoadGenerator prefixes the names of the processes that send the load
// (vegeta in the harness, pgbench), which SystemCPUPer1k leaves out.
const LoadGenerator = "load generator"

// SystemCPUPer1k is the CPU seconds per 1,000 requests of every process of
// us but the load generator's: what the system under test spends.
func SystemCPUPer1k(us []Usage) float64 {
	var sum float64
	for _, u := range us {
		if !strings.HasPrefix(u.Process, LoadGenerator) {
			sum += u.CPUPer1k()
		}
	}
	return sum
}

// Memory is a service's memory at the end of the run, and its peak RSS:
// over the whole run (PeakMB) and in each phase of it (Phases, in the order
// the run went through them), so that a peak can be told apart from the
// setup, a closed loop or an open loop.
type Memory struct {
	Service string      `json:"service"`
	RSSMB   float64     `json:"rssMB"`
	PeakMB  float64     `json:"peakMB"`
	Phases  []PhasePeak `json:"phases,omitempty"`
}

// PhasePeak is a service's peak RSS during one phase of the run.
type PhasePeak struct {
	Phase  string  `json:"phase"`
	PeakMB float64 `json:"peakMB"`
}

// Check is a correctness check the run makes beside the measurements.
type Check struct {
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail"`
}

// Goal is one goal of the issue with what the run measured.
type Goal struct {
	Name   string `json:"name"`
	Target string `json:"target"`
	Actual string `json:"actual"`
	Met    bool   `json:"met"`
}

// Find returns the scenario of key, nil when the run skipped it.
func (r *Report) Find(key string) *Scenario {
	for i := range r.Scenarios {
		if r.Scenarios[i].Key == key {
			return &r.Scenarios[i]
		}
	}
	return nil
}

// FloorThroughput is the floor's highest throughput, 0 without a floor.
func (s *Scenario) FloorThroughput() float64 {
	switch {
	case s.ReadFloor != nil:
		return s.ReadFloor.Max.Throughput
	case s.WriteFloor != nil:
		return s.WriteFloor.Throughput()
	}
	return 0
}

// PeerRatio is suite / peer throughput, 0 without a peer.
func (s *Scenario) PeerRatio() float64 {
	if s.Peer == nil || s.Peer.Max.Throughput <= 0 {
		return 0
	}
	return s.Suite.Max.Throughput / s.Peer.Max.Throughput
}

// Ratio is suite / floor throughput, 0 without a floor.
func (s *Scenario) Ratio() float64 {
	f := s.FloorThroughput()
	if f <= 0 {
		return 0
	}
	return s.Suite.Max.Throughput / f
}
