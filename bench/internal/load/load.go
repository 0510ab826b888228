// Package load drives HTTP load with vegeta (github.com/tsenart/vegeta) in
// the two ways the benchmark measures: a closed loop of N workers that send
// as fast as answers come back (throughput), and an open loop at a fixed
// rate (latency).
package load

import (
	"fmt"
	"net"
	"net/http"
	"sort"
	"strings"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Result sums up one attack.
type Result struct {
	// Workers is the closed loop's concurrency; 0 for an open loop.
	Workers int `json:"workers,omitempty"`
	// OfferedRate is the open loop's rate in requests per second.
	OfferedRate float64 `json:"offeredRate,omitempty"`
	// Seconds is the wall time from the first request to the last answer.
	Seconds  float64 `json:"seconds"`
	Requests int     `json:"requests"`
	OK       int     `json:"ok"`
	// Errors counts unexpected answers and transport errors.
	Errors int `json:"errors"`
	// ErrorKinds counts errors by kind (status and the start of the body).
	ErrorKinds map[string]int `json:"errorKinds,omitempty"`
	// Codes counts answers by HTTP status (0 for a transport error).
	Codes map[int]int `json:"codes"`
	// Throughput is expected answers per second.
	Throughput float64 `json:"throughput"`
	// Latency of every request, in milliseconds.
	Latency Percentiles `json:"latencyMs"`

	latencies []time.Duration // sorted; for Merge
}

// Merge sums up results of the same kind of attack as one: counts and
// seconds add up, and the latency percentiles are those of all requests.
func Merge(rs ...Result) Result {
	out := Result{Codes: map[int]int{}, ErrorKinds: map[string]int{}}
	var all []time.Duration
	for _, r := range rs {
		if out.Workers == 0 {
			out.Workers = r.Workers
		}
		if out.OfferedRate == 0 {
			out.OfferedRate = r.OfferedRate
		}
		out.Seconds += r.Seconds
		out.Requests += r.Requests
		out.OK += r.OK
		out.Errors += r.Errors
		for k, v := range r.Codes {
			out.Codes[k] += v
		}
		for k, v := range r.ErrorKinds {
			out.ErrorKinds[k] += v
		}
		all = append(all, r.latencies...)
	}
	if out.Seconds > 0 {
		out.Throughput = float64(out.OK) / out.Seconds
	}
	out.Latency = Summarize(all)
	out.latencies = all
	if len(out.ErrorKinds) == 0 {
		out.ErrorKinds = nil
	}
	return out
}

// Percentiles of a latency distribution, in milliseconds.
type Percentiles struct {
	P50  float64 `json:"p50"`
	P99  float64 `json:"p99"`
	P999 float64 `json:"p999"`
	Max  float64 `json:"max"`
	Mean float64 `json:"mean"`
}

// Expect tells an expected answer from an unexpected one.
type Expect func(r *vegeta.Result) bool

// OK200 expects 200.
func OK200(r *vegeta.Result) bool { return r.Error == "" && r.Code == http.StatusOK }

// Attack is what every run shares: the targets and what counts as success.
type Attack struct {
	Targeter vegeta.Targeter
	Expect   Expect
	// OnResult, when set, sees every result (e.g. to count confirmed orders).
	OnResult func(r *vegeta.Result, expected bool)
}

// attacker is a vegeta attacker on a transport of its own, returned so that
// its connections can be closed once the attack is over: otherwise the idle
// connections of every run stayed open beside the next ones, in this process
// and in the server, and an open loop that overran its target (thousands of
// connections) left the runs after it short of file descriptors.
func (a Attack) attacker(opts ...func(*vegeta.Attacker)) (*vegeta.Attacker, *http.Transport) {
	dialer := &net.Dialer{KeepAlive: 30 * time.Second}
	tr := &http.Transport{
		DialContext:         dialer.DialContext,
		MaxIdleConnsPerHost: vegeta.DefaultConnections,
		MaxConnsPerHost:     vegeta.DefaultMaxConnections,
	}
	base := []func(*vegeta.Attacker){
		vegeta.Client(&http.Client{Transport: tr}),
		vegeta.KeepAlive(true),
		vegeta.Timeout(15 * time.Second),
		// Only errors are read; a short body is enough to say what went wrong.
		vegeta.MaxBody(300),
	}
	return vegeta.NewAttacker(append(base, opts...)...), tr
}

// Closed runs workers workers, each sending its next request as soon as the
// previous one is answered, for d.
func (a Attack) Closed(workers int, d time.Duration) Result {
	w := uint64(max(workers, 1)) //nolint:gosec // G115: at least 1
	atk, tr := a.attacker(vegeta.Workers(w), vegeta.MaxWorkers(w), vegeta.Connections(workers))
	defer tr.CloseIdleConnections()
	r := a.collect(atk.Attack(a.Targeter, vegeta.Rate{Freq: 0}, d, "closed"))
	r.Workers = workers
	return r
}

// openWorkers bounds the requests an open loop has in flight: far more than
// the suite ever holds at a rate it sustains, and few enough that a target
// that falls behind (the peer, at the suite's rate) does not take every file
// descriptor of this process.
const openWorkers = 4096

// Open sends rate requests per second for d, whatever the answers' latency:
// vegeta adds workers when all are busy, up to openWorkers.
func (a Attack) Open(rate int, d time.Duration) Result {
	atk, tr := a.attacker(vegeta.Workers(16), vegeta.MaxWorkers(openWorkers), vegeta.Connections(openWorkers))
	defer tr.CloseIdleConnections()
	r := a.collect(atk.Attack(a.Targeter, vegeta.Rate{Freq: rate, Per: time.Second}, d, "open"))
	r.OfferedRate = float64(rate)
	return r
}

func (a Attack) collect(results <-chan *vegeta.Result) Result {
	expect := a.Expect
	if expect == nil {
		expect = OK200
	}
	out := Result{Codes: map[int]int{}, ErrorKinds: map[string]int{}}
	var (
		latencies    []time.Duration
		first, final time.Time
	)
	for r := range results {
		if r.Error == vegeta.ErrNoTargets.Error() {
			continue // a bounded targeter ran out: not a request
		}
		out.Requests++
		out.Codes[int(r.Code)]++
		latencies = append(latencies, r.Latency)
		if first.IsZero() || r.Timestamp.Before(first) {
			first = r.Timestamp
		}
		if end := r.End(); end.After(final) {
			final = end
		}
		ok := expect(r)
		if ok {
			out.OK++
		} else {
			out.Errors++
			out.ErrorKinds[errorKind(r)]++
		}
		if a.OnResult != nil {
			a.OnResult(r, ok)
		}
	}
	if out.Requests > 0 {
		out.Seconds = final.Sub(first).Seconds()
		if out.Seconds > 0 {
			out.Throughput = float64(out.OK) / out.Seconds
		}
	}
	out.Latency = Summarize(latencies)
	out.latencies = latencies
	if len(out.ErrorKinds) == 0 {
		out.ErrorKinds = nil
	}
	return out
}

// errorKind names an error by its status and the start of its body, so that
// a thousand timeouts count as one kind.
func errorKind(r *vegeta.Result) string {
	if r.Code == 0 {
		msg := r.Error
		// Transport errors carry the request's URL; drop it.
		if i := strings.LastIndex(msg, ": "); i >= 0 {
			msg = msg[i+2:]
		}
		return "transport: " + msg
	}
	body := strings.TrimSpace(string(r.Body))
	if len(body) > 120 {
		body = body[:120] + "…"
	}
	return fmt.Sprintf("%d %s", r.Code, body)
}

// Summarize computes the percentiles (nearest rank) of latencies; it sorts
// them in place.
func Summarize(latencies []time.Duration) Percentiles {
	if len(latencies) == 0 {
		return Percentiles{}
	}
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	var sum time.Duration
	for _, l := range latencies {
		sum += l
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	return Percentiles{
		P50:  ms(Rank(latencies, 0.50)),
		P99:  ms(Rank(latencies, 0.99)),
		P999: ms(Rank(latencies, 0.999)),
		Max:  ms(latencies[len(latencies)-1]),
		Mean: ms(sum / time.Duration(len(latencies))),
	}
}

// Rank is the nearest-rank q-quantile of sorted: the smallest value that at
// least q of the values are less than or equal to.
func Rank[T any](sorted []T, q float64) T {
	n := len(sorted)
	i := int(q*float64(n)+0.999999999) - 1
	if i < 0 {
		i = 0
	}
	if i >= n {
		i = n - 1
	}
	return sorted[i]
}
