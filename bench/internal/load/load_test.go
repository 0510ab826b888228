package load

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

func TestRank(t *testing.T) {
	v := make([]int, 1000)
	for i := range v {
		v[i] = i + 1
	}
	for _, c := range []struct {
		q    float64
		want int
	}{{0.5, 500}, {0.99, 990}, {0.999, 999}, {1, 1000}, {0, 1}} {
		if got := Rank(v, c.q); got != c.want {
			t.Errorf("Rank(q=%v) = %d, want %d", c.q, got, c.want)
		}
	}
	if got := Rank([]int{7}, 0.999); got != 7 {
		t.Errorf("one value: %d", got)
	}
}

func TestSummarize(t *testing.T) {
	var l []time.Duration
	for i := 100; i >= 1; i-- {
		l = append(l, time.Duration(i)*time.Millisecond)
	}
	p := Summarize(l)
	if p.P50 != 50 || p.P99 != 99 || p.P999 != 100 || p.Max != 100 || p.Mean != 50.5 {
		t.Fatalf("%+v", p)
	}
	if (Summarize(nil) != Percentiles{}) {
		t.Fatal("no latencies, no percentiles")
	}
}

func TestMerge(t *testing.T) {
	a := Result{Workers: 8, Seconds: 2, Requests: 10, OK: 10, Codes: map[int]int{200: 10}, latencies: durations(1, 10)}
	b := Result{Workers: 8, Seconds: 3, Requests: 12, OK: 10, Errors: 2, Codes: map[int]int{200: 10, 503: 2},
		ErrorKinds: map[string]int{"503 busy": 2}, latencies: durations(11, 22)}
	m := Merge(a, b)
	if m.Workers != 8 || m.Seconds != 5 || m.Requests != 22 || m.OK != 20 || m.Errors != 2 || m.Throughput != 4 {
		t.Fatalf("%+v", m)
	}
	if m.Codes[200] != 20 || m.Codes[503] != 2 || m.ErrorKinds["503 busy"] != 2 {
		t.Fatalf("codes %v kinds %v", m.Codes, m.ErrorKinds)
	}
	if m.Latency.P50 != 11 || m.Latency.Max != 22 {
		t.Fatalf("latency of all requests: %+v", m.Latency)
	}
}

func durations(from, to int) []time.Duration {
	var out []time.Duration
	for i := from; i <= to; i++ {
		out = append(out, time.Duration(i)*time.Millisecond)
	}
	return out
}

func TestBest(t *testing.T) {
	cases := []struct {
		name  string
		steps []Step
		want  int
		done  bool
	}{
		{"climbing", []Step{{Workers: 4, Throughput: 100}, {Workers: 8, Throughput: 180}}, 8, false},
		{"one flat step", []Step{{Workers: 4, Throughput: 100}, {Workers: 8, Throughput: 180}, {Workers: 16, Throughput: 185}}, 16, false},
		{"plateau", []Step{{Workers: 4, Throughput: 100}, {Workers: 8, Throughput: 180}, {Workers: 16, Throughput: 185}, {Workers: 32, Throughput: 186}}, 32, true},
		{"one fall", []Step{{Workers: 4, Throughput: 100}, {Workers: 8, Throughput: 180}, {Workers: 16, Throughput: 150}}, 8, false},
		{"falls", []Step{{Workers: 4, Throughput: 100}, {Workers: 8, Throughput: 180}, {Workers: 16, Throughput: 150}, {Workers: 32, Throughput: 160}}, 8, true},
		{"flat, then climbing again (batching)", []Step{{Workers: 4, Throughput: 482}, {Workers: 8, Throughput: 571}, {Workers: 16, Throughput: 585}, {Workers: 32, Throughput: 1000}}, 32, false},
		{"errors stop the climb", []Step{{Workers: 4, Throughput: 100}, {Workers: 8, Throughput: 300, Errors: 2}}, 4, true},
		{"no clean step", []Step{{Workers: 4, Throughput: 100, Errors: 1}}, 2, true},
		{"one step", []Step{{Workers: 4, Throughput: 100}}, 4, false},
	}
	for _, c := range cases {
		got, done := Best(c.steps, 0.05)
		if got != c.want || done != c.done {
			t.Errorf("%s: got %d %v, want %d %v", c.name, got, done, c.want, c.done)
		}
	}
}

// TestClosedAndOpen drives a local server: the closed loop counts answers and
// errors by kind, the open loop keeps its rate.
func TestClosedAndOpen(t *testing.T) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1)%10 == 0 {
			http.Error(w, `{"code":"CONFLICT"}`, http.StatusConflict)
			return
		}
		_, _ = w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	a := Attack{Targeter: vegeta.NewStaticTargeter(vegeta.Target{Method: "GET", URL: srv.URL})}

	r := a.Closed(4, 300*time.Millisecond)
	if r.Requests < 20 || r.OK+r.Errors != r.Requests || r.Errors == 0 || r.Workers != 4 {
		t.Fatalf("closed: %+v", r)
	}
	if len(r.ErrorKinds) != 1 || r.Codes[409] != r.Errors {
		t.Fatalf("closed errors: %+v", r)
	}

	r = a.Open(200, time.Second)
	if r.Requests < 180 || r.Requests > 220 {
		t.Fatalf("open loop at 200/s for 1s sent %d", r.Requests)
	}
}
