package profsum

import (
	"testing"

	"github.com/google/pprof/profile"
)

func TestComponent(t *testing.T) {
	for fn, want := range map[string]string{
		"github.com/jackc/pgx/v5/pgconn.(*PgConn).ExecPrepared":                     "Postgres driver (pgx, database/sql)",
		"github.com/zeromicro/go-zero/core/breaker.(*googleBreaker).doReq":          "go-zero breakers",
		"github.com/zeromicro/go-zero/core/stores/redis.(*breakerHook).ProcessHook": "go-zero breakers",
		"github.com/zeromicro/go-zero/core/stores/redis.(*Redis).GetCtx":            "Redis client (go-redis)",
		"go.opentelemetry.io/otel/sdk/trace.(*tracer).newSpan":                      "OpenTelemetry tracing",
		"syscall.write":          "network syscalls",
		"runtime.gcBgMarkWorker": "GC (marking, sweeping)",
		"github.com/zsuite/order-rpc/internal/saga.(*Saga).Settle": "the suite's own code",
		"fmt.Sprintf": "",
	} {
		if got := Component(fn); got != want {
			t.Errorf("%s: %q, want %q", fn, got, want)
		}
	}
}

func TestSummarizeChargesTheInnermostComponent(t *testing.T) {
	fn := func(id uint64, name string) *profile.Location {
		return &profile.Location{ID: id, Line: []profile.Line{{Function: &profile.Function{ID: id, Name: name}}}}
	}
	breaker := fn(1, "github.com/zeromicro/go-zero/core/breaker.(*googleBreaker).doReq")
	pgx := fn(2, "github.com/jackc/pgx/v5.(*Conn).Exec")
	sprintf := fn(3, "fmt.Sprintf")
	malloc := fn(4, "runtime.mallocgc")
	schedule := fn(5, "runtime.schedule")
	p := &profile.Profile{
		SampleType: []*profile.ValueType{{Type: "samples"}, {Type: "cpu", Unit: "nanoseconds"}},
		Sample: []*profile.Sample{
			{Location: []*profile.Location{pgx, breaker}, Value: []int64{1, 3e9}},     // in pgx, under the breaker
			{Location: []*profile.Location{sprintf, breaker}, Value: []int64{1, 1e9}}, // the breaker's own formatting
			{Location: []*profile.Location{malloc, pgx}, Value: []int64{1, 2e9}},      // pgx allocating
			{Location: []*profile.Location{schedule}, Value: []int64{1, 5e9}},         // no component
		},
	}
	got := map[string]float64{}
	for _, s := range Summarize(p) {
		got[s.Component] = s.Seconds
	}
	if got["Postgres driver (pgx, database/sql)"] != 5 || got["go-zero breakers"] != 1 || got[runtimeRule.Name] != 5 {
		t.Fatalf("%v", got)
	}
}
