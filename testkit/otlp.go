package testkit

import (
	"context"
	"encoding/hex"
	"net"
	"strconv"
	"sync"
	"testing"

	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/grpc"
)

// Span is one span an OTLP exporter sent, with the service that sent it.
type Span struct {
	Service string
	*tracepb.Span
}

// TraceID is the span's trace id in hex, as traceparent writes it.
func (s Span) TraceID() string { return hex.EncodeToString(s.TraceId) }

// Attr is the span's attribute key as a string ("" when absent); numbers are
// formatted as OTLP carries them.
func (s Span) Attr(key string) string {
	for _, kv := range s.Attributes {
		if kv.Key == key {
			switch v := kv.Value.GetValue().(type) {
			case *commonpb.AnyValue_StringValue:
				return v.StringValue
			case *commonpb.AnyValue_IntValue:
				return strconv.FormatInt(v.IntValue, 10)
			case *commonpb.AnyValue_BoolValue:
				return strconv.FormatBool(v.BoolValue)
			}
			return kv.Value.String()
		}
	}
	return ""
}

// OTLPReceiver is an OTLP/gRPC trace receiver in the test process: what the
// services' exporters send (OTEL_EXPORTER_OTLP_ENDPOINT=Endpoint) is kept
// for the test to look at.
type OTLPReceiver struct {
	coltracepb.UnimplementedTraceServiceServer
	// Endpoint is host:port, for OTEL_EXPORTER_OTLP_ENDPOINT.
	Endpoint string

	mu    sync.Mutex
	spans []Span
}

// StartOTLPReceiver starts a receiver on a free loopback port; it stops when
// the test ends.
func StartOTLPReceiver(t testing.TB) *OTLPReceiver {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &OTLPReceiver{Endpoint: ln.Addr().String()}
	srv := grpc.NewServer()
	coltracepb.RegisterTraceServiceServer(srv, r)
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(srv.Stop)
	return r
}

// Export keeps the spans of one export.
func (r *OTLPReceiver) Export(_ context.Context, req *coltracepb.ExportTraceServiceRequest) (*coltracepb.ExportTraceServiceResponse, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, rs := range req.ResourceSpans {
		service := ""
		for _, kv := range rs.GetResource().GetAttributes() {
			if kv.Key == "service.name" {
				service = kv.Value.GetStringValue()
			}
		}
		for _, ss := range rs.ScopeSpans {
			for _, sp := range ss.Spans {
				r.spans = append(r.spans, Span{Service: service, Span: sp})
			}
		}
	}
	return &coltracepb.ExportTraceServiceResponse{}, nil
}

// Spans returns the spans received so far that keep says to.
func (r *OTLPReceiver) Spans(keep func(Span) bool) []Span {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Span
	for _, s := range r.spans {
		if keep == nil || keep(s) {
			out = append(out, s)
		}
	}
	return out
}
