package e2e

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"

	"github.com/zsuite/testkit"
	"github.com/zsuite/testkit/gate"
)

// TestTraces follows requests through the traces every service exports over
// OTLP to a receiver in the test: one POST /v1/orders is one trace from
// user-api's server span through order-rpc and inventory-rpc, client and
// server spans, with the Postgres and Redis calls inside it and the order's
// id on it; a refused order marks its failed spans; a request its caller
// sampled out leaves no span anywhere; and the recovery loop's settlement of
// an order is a span of its own, named by the order.
func TestTraces(t *testing.T) {
	gate.Integration(t)
	otlp := testkit.StartOTLPReceiver(t)
	opts := []testkit.SuiteOption{
		testkit.WithEnv("inventory-rpc", "DEMO_CATALOGUE", "true"),
		testkit.WithEnv("order-rpc", "SAGA_GRACE", "300ms"),
		testkit.WithEnv("order-rpc", "SAGA_RECOVERY_INTERVAL", "200ms"),
	}
	for _, svc := range []string{"user-api", "user-rpc", "order-rpc", "inventory-rpc"} {
		opts = append(opts, testkit.WithEnv(svc, "OTEL_EXPORTER_OTLP_ENDPOINT", otlp.Endpoint))
	}
	s := testkit.StartSuite(t, opts...)
	registerUser(t, s, "tracer", "a-good-password")
	token := login(t, s, "tracer", "a-good-password")

	order := func(key string, quantity int) testkit.Answer {
		return s.Raw(t, http.MethodPost, "/v1/orders",
			mustJSON(t, map[string]any{"items": []map[string]any{{"productId": 1, "quantity": quantity}}}),
			"Authorization", "Bearer "+token, "Content-Type", "application/json", "Idempotency-Key", key)
	}
	traceOf := func(a testkit.Answer) string {
		t.Helper()
		parts := strings.Split(a.Header.Get("Traceparent"), "-")
		if len(parts) != 4 {
			t.Fatalf("the answer carries no traceparent: %v", a.Header)
		}
		return parts[1]
	}
	// spansOf waits until the trace has spans from every service named.
	spansOf := func(trace string, services ...string) []testkit.Span {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			spans := otlp.Spans(func(sp testkit.Span) bool { return sp.TraceID() == trace })
			seen := map[string]bool{}
			for _, sp := range spans {
				seen[sp.Service] = true
			}
			missing := 0
			for _, svc := range services {
				if !seen[svc] {
					missing++
				}
			}
			if missing == 0 {
				return spans
			}
			if time.Now().After(deadline) {
				t.Fatalf("trace %s: after 30 s, spans only from %v, want %v:\n%s", trace, seen, services, tree(spans))
			}
			time.Sleep(200 * time.Millisecond)
		}
	}

	t.Run("an order is one trace across the services and their stores", func(t *testing.T) {
		a := order("traced-order", 1)
		if a.Status != http.StatusOK {
			t.Fatalf("order: %d %s", a.Status, a.Body)
		}
		var placed struct{ Id int64 }
		if err := json.Unmarshal(a.Body, &placed); err != nil {
			t.Fatal(err)
		}
		spans := spansOf(traceOf(a), "user-api", "order.rpc", "inventory.rpc")
		t.Logf("the span tree of POST /v1/orders:\n%s", tree(spans))
		byID := map[string]testkit.Span{}
		for _, sp := range spans {
			byID[hex.EncodeToString(sp.SpanId)] = sp
		}
		var roots []testkit.Span
		for _, sp := range spans {
			if len(sp.ParentSpanId) == 0 {
				roots = append(roots, sp)
			} else if _, ok := byID[hex.EncodeToString(sp.ParentSpanId)]; !ok {
				t.Errorf("%s %q has a parent outside the trace", sp.Service, sp.Name)
			}
		}
		if len(roots) != 1 || roots[0].Service != "user-api" || roots[0].Kind != tracepb.Span_SPAN_KIND_SERVER {
			t.Fatalf("the trace's root is %v, want user-api's server span alone", names(roots))
		}
		parent := func(sp testkit.Span) testkit.Span { return byID[hex.EncodeToString(sp.ParentSpanId)] }
		// A server span of service whose name holds method, under a client span of caller.
		hop := func(service, method, caller string) testkit.Span {
			t.Helper()
			for _, sp := range spans {
				if sp.Service == service && sp.Kind == tracepb.Span_SPAN_KIND_SERVER && strings.Contains(sp.Name, method) {
					if p := parent(sp); p.Span != nil && p.Service == caller && p.Kind == tracepb.Span_SPAN_KIND_CLIENT {
						return sp
					}
				}
			}
			t.Fatalf("no %s server span of %s under a client span of %s", service, method, caller)
			return testkit.Span{}
		}
		hop("order.rpc", "CreateOrder", "user-api")
		hop("inventory.rpc", "Reserve", "order.rpc")
		count := func(service, name string) int {
			n := 0
			for _, sp := range spans {
				if sp.Service == service && sp.Name == name {
					n++
				}
			}
			return n
		}
		if count("order.rpc", "sql") == 0 {
			t.Error("order-rpc's Postgres calls are not in the trace")
		}
		if count("order.rpc", "redis")+count("inventory.rpc", "redis")+count("user-api", "redis") == 0 {
			t.Error("no Redis call is in the trace")
		}
		named := false
		for _, sp := range spans {
			if sp.Service == "order.rpc" && sp.Attr("order.id") == strconv.FormatInt(placed.Id, 10) {
				named = true
			}
		}
		if !named {
			t.Errorf("no order-rpc span carries order.id %d", placed.Id)
		}
	})

	t.Run("a refused order marks its failed spans", func(t *testing.T) {
		a := order("too-many", 1000) // more than the demo product's stock
		if a.Status != http.StatusConflict {
			t.Fatalf("an order beyond the stock: %d %s", a.Status, a.Body)
		}
		spans := spansOf(traceOf(a), "user-api", "order.rpc", "inventory.rpc")
		failed := 0
		for _, sp := range spans {
			if sp.Status.GetCode() == tracepb.Status_STATUS_CODE_ERROR {
				failed++
			}
		}
		if failed == 0 {
			t.Fatalf("no span of the refused order is marked failed:\n%s", tree(spans))
		}
	})

	t.Run("a request its caller sampled out leaves no span", func(t *testing.T) {
		id := make([]byte, 24)
		_, _ = rand.Read(id)
		trace := hex.EncodeToString(id[:16])
		code, body := s.Do(t, http.MethodGet, "/v1/users/me/overview", token, nil,
			"Traceparent", fmt.Sprintf("00-%s-%s-00", trace, hex.EncodeToString(id[16:])))
		if code != http.StatusOK {
			t.Fatalf("overview: %d %s", code, body)
		}
		// A sampled request sent after it is exported once its batch is;
		// by then the other would be too.
		after := order("after-the-unsampled", 1)
		spansOf(traceOf(after), "user-api", "order.rpc", "inventory.rpc")
		time.Sleep(6 * time.Second) // every exporter's batch (5 s) has been sent
		if got := otlp.Spans(func(sp testkit.Span) bool { return sp.TraceID() == trace }); len(got) > 0 {
			t.Fatalf("a request sampled out by its caller left spans:\n%s", tree(got))
		}
	})

	t.Run("the recovery loop's settlement of an order is traced", func(t *testing.T) {
		inv := s.Proc("inventory-rpc")
		inv.Stop()
		a := order("settled-by-recovery", 1)
		if a.Status != http.StatusServiceUnavailable {
			t.Fatalf("an order with inventory-rpc down: %d %s", a.Status, a.Body)
		}
		inv.Start(t)
		deadline := time.Now().Add(60 * time.Second)
		for {
			var settled []testkit.Span
			for _, sp := range otlp.Spans(func(sp testkit.Span) bool { return sp.Service == "order.rpc" && sp.Name == "saga.recover" }) {
				if sp.Status.GetCode() != tracepb.Status_STATUS_CODE_ERROR && sp.Attr("order.id") != "" {
					settled = append(settled, sp)
				}
			}
			if len(settled) > 0 {
				t.Logf("the recovery loop settled order %s in trace %s", settled[0].Attr("order.id"), settled[0].TraceID())
				return
			}
			if time.Now().After(deadline) {
				t.Fatal("no saga.recover span of a settled order within 60 s of inventory-rpc's return")
			}
			time.Sleep(500 * time.Millisecond)
		}
	})
}

func names(spans []testkit.Span) []string {
	var out []string
	for _, sp := range spans {
		out = append(out, sp.Service+" "+sp.Name)
	}
	return out
}

// tree draws spans as the tree their parents make, each with its service,
// kind, duration and status.
func tree(spans []testkit.Span) string {
	children := map[string][]testkit.Span{}
	ids := map[string]bool{}
	for _, sp := range spans {
		ids[hex.EncodeToString(sp.SpanId)] = true
	}
	for _, sp := range spans {
		p := hex.EncodeToString(sp.ParentSpanId)
		if !ids[p] {
			p = ""
		}
		children[p] = append(children[p], sp)
	}
	var b strings.Builder
	var walk func(parent string, depth int)
	walk = func(parent string, depth int) {
		kids := children[parent]
		sort.Slice(kids, func(i, j int) bool { return kids[i].StartTimeUnixNano < kids[j].StartTimeUnixNano })
		for _, sp := range kids {
			kind := strings.ToLower(strings.TrimPrefix(sp.Kind.String(), "SPAN_KIND_"))
			status := ""
			if sp.Status.GetCode() == tracepb.Status_STATUS_CODE_ERROR {
				status = " ERROR"
			}
			extra := ""
			if id := sp.Attr("order.id"); id != "" {
				extra = " order.id=" + id
			}
			fmt.Fprintf(&b, "%s%s: %s (%s, %.1f ms)%s%s\n", strings.Repeat("  ", depth), sp.Service, sp.Name, kind,
				float64(sp.EndTimeUnixNano-sp.StartTimeUnixNano)/1e6, extra, status)
			walk(hex.EncodeToString(sp.SpanId), depth+1)
		}
	}
	walk("", 0)
	return b.String()
}
