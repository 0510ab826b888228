// Package profsum sums a CPU profile up by component: each sample goes to
// the innermost frame of its stack that belongs to a known component (the
// Postgres driver, go-redis, gRPC, go-zero's breaker, OpenTelemetry, ...),
// so a wrapper is charged only for its own work, never for what it wraps.
package profsum

import (
	"sort"
	"strings"

	"github.com/google/pprof/profile"
)

// Rule names a component by the prefixes of its functions' names.
type Rule struct {
	Name     string
	Prefixes []string
}

// Rules are tried in order on each frame, innermost frame first.
var Rules = []Rule{
	{"network syscalls", []string{"syscall.", "internal/runtime/syscall", "internal/poll."}},
	{"GC (marking, sweeping)", []string{"runtime.gcBgMarkWorker", "runtime.gcDrain", "runtime.scanobject", "runtime.scanObject", "runtime.markroot", "runtime.gcAssistAlloc", "runtime.bgsweep", "runtime.bgscavenge", "runtime.greyobject", "runtime.scanblock", "runtime.scanstack", "runtime.(*gcWork)", "runtime.(*mspan).sweep", "runtime.sweepone", "runtime.gcMark", "runtime.scanSpan", "runtime.tryDeferToSpanScan", "internal/runtime/gc"}},
	{"goroutine stack growth", []string{"runtime.newstack", "runtime.copystack", "runtime.morestack"}},
	{"OpenTelemetry tracing", []string{"go.opentelemetry.io/", "github.com/zeromicro/go-zero/core/trace", "github.com/zeromicro/go-zero/rest/handler.TraceHandler", "github.com/zeromicro/go-zero/zrpc/internal/serverinterceptors.UnaryTracingInterceptor", "github.com/zeromicro/go-zero/zrpc/internal/clientinterceptors.UnaryTracingInterceptor", "github.com/zeromicro/go-zero/zrpc/internal/serverinterceptors.startSpan", "github.com/zeromicro/go-zero/zrpc/internal/clientinterceptors.startSpan"}},
	{"metrics (Prometheus, go-zero stat)", []string{"github.com/prometheus/", "github.com/zeromicro/go-zero/core/metric", "github.com/zeromicro/go-zero/core/stat", "github.com/zeromicro/go-zero/zrpc/internal/serverinterceptors.UnaryPrometheusInterceptor", "github.com/zeromicro/go-zero/zrpc/internal/serverinterceptors.UnaryStatInterceptor", "github.com/zeromicro/go-zero/zrpc/internal/clientinterceptors.PrometheusInterceptor", "github.com/zeromicro/go-zero/zrpc/internal/clientinterceptors.DurationInterceptor", "github.com/zeromicro/go-zero/rest/handler.PrometheusHandler", "github.com/zeromicro/go-zero/rest/handler.MetricHandler", "github.com/zeromicro/go-zero/core/stores/redis.(*durationHook)", "github.com/zeromicro/go-zero/core/stores/sqlx.(*statement)"}},
	{"go-zero breakers", []string{"github.com/zeromicro/go-zero/core/breaker", "github.com/zeromicro/go-zero/core/stores/redis.(*breakerHook)", "github.com/zeromicro/go-zero/zrpc/internal/serverinterceptors.UnaryBreakerInterceptor", "github.com/zeromicro/go-zero/zrpc/internal/clientinterceptors.BreakerInterceptor", "github.com/zeromicro/go-zero/rest/handler.BreakerHandler"}},
	{"go-zero timeouts", []string{"github.com/zeromicro/go-zero/zrpc/internal/serverinterceptors.UnaryTimeoutInterceptor", "github.com/zeromicro/go-zero/rest/handler.(*timeoutHandler)", "github.com/zeromicro/go-zero/rest/handler.(*timeoutWriter)", "github.com/zeromicro/go-zero/rest/handler.TimeoutHandler"}},
	{"Postgres driver (pgx, database/sql)", []string{"github.com/jackc/", "database/sql"}},
	{"go-zero sqlx/sqlc/cache", []string{"github.com/zeromicro/go-zero/core/stores/sqlx", "github.com/zeromicro/go-zero/core/stores/sqlc", "github.com/zeromicro/go-zero/core/stores/cache", "github.com/zeromicro/go-zero/core/syncx"}},
	{"Redis client (go-redis)", []string{"github.com/redis/go-redis", "github.com/zeromicro/go-zero/core/stores/redis"}},
	{"JSON", []string{"encoding/json", "github.com/zeromicro/go-zero/core/jsonx", "github.com/zeromicro/go-zero/core/mapping"}},
	{"JWT", []string{"github.com/golang-jwt/"}},
	{"logging (logx)", []string{"github.com/zeromicro/go-zero/core/logx"}},
	{"protobuf", []string{"google.golang.org/protobuf/"}},
	{"gRPC", []string{"google.golang.org/grpc", "golang.org/x/net/http2"}},
	{"net/http", []string{"net/http.", "net/textproto.", "net/url."}},
	{"the suite's own code", []string{"github.com/zsuite/"}},
	{"other go-zero", []string{"github.com/zeromicro/go-zero/"}},
}

// runtimeRule takes the samples of no component: the scheduler, timers,
// and the runtime's own goroutines.
var runtimeRule = Rule{"Go runtime (scheduler, timers, ...)", []string{"runtime.", "internal/runtime/", "sync.", "internal/sync.", "context.", "time."}}

// Share is one component's part of a profile.
type Share struct {
	Component string
	Seconds   float64
	Fraction  float64
}

// Summarize sums a CPU profile's samples by component, largest first.
func Summarize(p *profile.Profile) []Share {
	cpu := 0
	for i, st := range p.SampleType {
		if st.Type == "cpu" {
			cpu = i
		}
	}
	by := map[string]int64{}
	var total int64
	for _, s := range p.Sample {
		v := s.Value[cpu]
		total += v
		by[classify(s)] += v
	}
	out := make([]Share, 0, len(by))
	for name, v := range by {
		out = append(out, Share{Component: name, Seconds: float64(v) / 1e9, Fraction: float64(v) / float64(max(total, 1))})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seconds > out[j].Seconds })
	return out
}

func classify(s *profile.Sample) string {
	for _, loc := range s.Location {
		// Inlined frames come first in a location's lines.
		for _, line := range loc.Line {
			if line.Function == nil {
				continue
			}
			if c := Component(line.Function.Name); c != "" {
				return c
			}
		}
	}
	for _, loc := range s.Location {
		for _, line := range loc.Line {
			if line.Function != nil && matches(runtimeRule, line.Function.Name) {
				return runtimeRule.Name
			}
		}
	}
	return "other"
}

func matches(r Rule, fn string) bool {
	for _, p := range r.Prefixes {
		if strings.HasPrefix(fn, p) {
			return true
		}
	}
	return false
}

// Component names the component a function belongs to, "" for none.
func Component(fn string) string {
	for _, r := range Rules {
		if matches(r, fn) {
			return r.Name
		}
	}
	return ""
}
