package main

import (
	"bytes"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestProbeExitCodes(t *testing.T) {
	ready := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"status":"ready"}`))
	}))
	defer ready.Close()
	notReady := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, `{"status":"not ready"}`, http.StatusServiceUnavailable)
	}))
	defer notReady.Close()
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(2 * time.Second):
		}
	}))
	defer slow.Close()
	// A port that was open a moment ago and is closed now: connection refused.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String() + "/readyz"
	_ = ln.Close()

	for _, tc := range []struct {
		name   string
		args   []string
		want   int
		stderr string
	}{
		{"2xx is healthy", []string{ready.URL + "/readyz"}, 0, ""},
		{"503 is unhealthy", []string{notReady.URL + "/readyz"}, 1, "503"},
		{"refused is unhealthy", []string{closed}, 1, "refused"},
		{"timeout is unhealthy", []string{"-timeout", "100ms", slow.URL}, 1, "deadline"},
		{"no URL is a usage error", nil, 2, "usage"},
		{"two URLs is a usage error", []string{ready.URL, ready.URL}, 2, "usage"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stderr bytes.Buffer
			if got := run(tc.args, &stderr); got != tc.want {
				t.Fatalf("exit %d, want %d (stderr %q)", got, tc.want, stderr.String())
			}
			if !strings.Contains(stderr.String(), tc.stderr) {
				t.Fatalf("stderr %q does not say %q", stderr.String(), tc.stderr)
			}
		})
	}
}
