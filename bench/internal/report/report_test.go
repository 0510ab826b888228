package report

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zsuite/bench/internal/load"
)

func measured(throughput, p99 float64, errors int) Measurement {
	var kinds map[string]int
	if errors > 0 {
		kinds = map[string]int{"503 Service Unavailable": errors}
	}
	return Measurement{
		Max:  load.Result{Workers: 16, Throughput: throughput, Errors: errors, ErrorKinds: kinds},
		Open: &load.Result{OfferedRate: throughput / 2, Latency: load.Percentiles{P50: 1, P99: p99, P999: p99 * 2}},
	}
}

func sample() *Report {
	readFloor := measured(8000, 3, 0)
	peer := measured(8000, 9, 2)
	return &Report{
		Scenarios: []Scenario{
			{Key: Me, Title: "1. me", Suite: measured(9000, 5, 0), ReadFloor: &readFloor, Peer: &peer,
				Usage: []Usage{{Process: "user-api", CPUSeconds: 2, Requests: 10000}}},
			{Key: Orders, Title: "3. orders", Suite: measured(500, 60, 0),
				WriteFloor: &WriteFloor{Clients: 16, Order: Pgbench{TPS: 1000}, Inventory: Pgbench{TPS: 1500},
					OpenOrder: &Pgbench{Latency: load.Percentiles{P99: 40}}, OpenInventory: &Pgbench{Latency: load.Percentiles{P99: 70}}},
				Failed: []string{"floor pgbench -c 256: sorry, too many clients already"}},
			{Key: Hot, Title: "4. hot", Suite: measured(400, 20, 1),
				WriteFloor: &WriteFloor{Clients: 16, Order: Pgbench{TPS: 2000}, Inventory: Pgbench{TPS: 400},
					// On a hot row the floor is fastest with few clients.
					Search: []load.Step{{Workers: 4, Throughput: 900}, {Workers: 8, Throughput: 1000}, {Workers: 16, Throughput: 400}}}},
		},
		// The goal is on the peak: order-rpc is under 100 MB at the end only.
		Memory: []Memory{{Service: "user-api", RSSMB: 40, PeakMB: 45, Phases: []PhasePeak{{Phase: "setup", PeakMB: 30}, {Phase: "3. orders: open loop", PeakMB: 45}}},
			{Service: "order-rpc", RSSMB: 80, PeakMB: 120, Phases: []PhasePeak{{Phase: "3. orders: open loop", PeakMB: 120}}}},
		Checks: []Check{{Name: HotLedgerCheck, OK: true, Detail: "fine"}},
	}
}

func TestRatios(t *testing.T) {
	r := sample()
	if got := r.Find(Me).Ratio(); got != 1.125 {
		t.Errorf("read ratio %v, want 1.125", got)
	}
	// The write floor is the slower of the two databases.
	if got := r.Find(Orders).FloorThroughput(); got != 1000 {
		t.Errorf("orders floor %v, want 1000 (the order database)", got)
	}
	if got := r.Find(Hot).Ratio(); got != 1 {
		t.Errorf("hot ratio %v, want 1 (400 / the inventory database's 400)", got)
	}
	if r.Find(Product) != nil {
		t.Error("a scenario the run skipped is not found")
	}
	if got := r.Find(Me).PeerRatio(); got != 1.125 {
		t.Errorf("peer ratio %v, want 1.125", got)
	}
	if (&Scenario{}).PeerRatio() != 0 {
		t.Error("no peer, no ratio")
	}
	if (&Scenario{}).Ratio() != 0 {
		t.Error("no floor, no ratio")
	}
	us := []Usage{{Process: "user-api", CPUSeconds: 2, Requests: 10000}, {Process: "postgres (orders)", CPUSeconds: 1, Requests: 10000},
		{Process: LoadGenerator + " (vegeta)", CPUSeconds: 5, Requests: 10000}}
	if got := SystemCPUPer1k(us); math.Abs(got-0.3) > 1e-9 {
		t.Errorf("the system's CPU per 1,000 requests is %v, want 0.3 (the load generator left out)", got)
	}
	if got := (Usage{CPUSeconds: 2, Requests: 10000}).CPUPer1k(); got != 0.2 {
		t.Errorf("cpu per 1k %v", got)
	}
}

func TestEvaluate(t *testing.T) {
	r := sample()
	r.Evaluate()
	met := map[string]bool{}
	for _, g := range r.Goals {
		met[g.Name] = g.Met
	}
	want := map[string]bool{
		"1. GET /v1/users/me vs read floor":                                               true,  // 1.125 ≥ 1.1
		"3. POST /v1/orders, distinct products, p99 at half the max rate":                 true,  // 60 ms ≤ the floor's 70
		"4. POST /v1/orders, one hot product, vs write floor at its own best concurrency": false, // 400 / 1000 (8 clients)
		"4. " + HotLedgerCheck:     true,
		"no unexpected errors":     false, // one in the hot run
		"every service's peak RSS": false, // order-rpc 120 MB
		"1. GET /v1/users/me vs the peer (goctl api + rpc, cached model)": false, // 9000 / 8000 = 1.125 < 1.2
	}
	for name, w := range want {
		got, ok := met[name]
		if !ok {
			t.Errorf("goal %q missing; goals %+v", name, r.Goals)
			continue
		}
		if got != w {
			t.Errorf("goal %q met=%v, want %v", name, got, w)
		}
	}
	if _, ok := met["3. POST /v1/orders, distinct products, vs write floor at its own best concurrency"]; ok {
		t.Error("no floor search, no comparison with the floor's best")
	}
	if best, _ := r.Find(Hot).WriteFloor.Best(); best.Workers != 8 {
		t.Errorf("the floor's best concurrency is %d, want 8", best.Workers)
	}
	if _, ok := met["4. POST /v1/orders, one hot product, p99 at half the max rate"]; ok {
		t.Error("no floor open loop, no p99 comparison")
	}
	if err := r.Correct(); err == nil || !strings.Contains(err.Error(), "unexpected errors") {
		t.Errorf("Correct = %v, want the unexpected error of the hot run", err)
	}
	r.Scenarios[2].Suite.Max.Errors = 0
	r.Evaluate()
	if err := r.Correct(); err != nil {
		t.Errorf("every check held, no error: Correct = %v (a missed goal or a step that could not run is no error)", err)
	}
	if _, ok := met["2. GET /v1/products/{id} vs read floor"]; ok {
		t.Error("a skipped scenario has no goal")
	}
}

func TestWrite(t *testing.T) {
	r := sample()
	r.Evaluate()
	dir := t.TempDir()
	if err := r.Write(dir, "run"); err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(dir, "run.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| 1. me | 9000 (16) | 8000 | **1.12** |", "| 3. orders | 500 (16) | 1000 | **0.50** |", "| user-api | 40.0 |", "| phase | user-api | order-rpc |\n|---|---:|---:|\n| setup | 30.0 | – |\n| 3. orders: open loop | 45.0 | 120.0 |\n", "| all but the load generator |\n", "| 0.200 | **0.200** |\n",
		"| 1. me | 9000 (16) | 8000 (16) | **1.12** | ≥ 1.50 |", "  - the peer: ",
		"## What could not run", "- 3. orders: floor pgbench -c 256: sorry, too many clients already",
		"## Charts", "![1. me](run-me-latency.svg)", "(run-me-cpu.svg)", "(run-hot-throughput.svg)",
		"floor search (pgbench clients→orders/s) 4→900/s, 8→1000/s, 16→400/s; floor rounds at the suite's 16 workers"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("the Markdown lacks %q:\n%s", want, md)
		}
	}
	for _, s := range r.Scenarios {
		for _, c := range s.Charts {
			svg, err := os.ReadFile(filepath.Join(dir, c))
			if err != nil || !strings.Contains(string(svg), "<svg") {
				t.Errorf("chart %s: %v", c, err)
			}
			if len(svg) > 200_000 {
				t.Errorf("chart %s is %d bytes: fonts embedded?", c, len(svg))
			}
		}
	}
	var back Report
	b, err := os.ReadFile(filepath.Join(dir, "run.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if len(back.Scenarios) != 3 || back.Find(Hot).Ratio() != 1 {
		t.Errorf("the JSON does not read back: %+v", back)
	}
}
