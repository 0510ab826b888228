// Package gate divides the quick tests from the integration tests, with the
// standard library only, so that every harness (the test kit, the bench, the
// deploy checks) gates its entry points the same way.
package gate

import "testing"

// Integration is where every entry point of a harness that needs a real
// server (the local stack's Postgres or etcd, or a redis-server, etcd,
// Postgres, toxiproxy, a Kubernetes control plane or the suite's services
// started for the test), or a pinned tool that `go tool` builds (buf,
// oasdiff, promtool, kube-score), begins. Under `go test -short`, the quick loop that
// runs with nothing started, it skips the test; otherwise the test goes on,
// and fails, saying how to start the stack, when a server cannot be reached.
// A test that needs a server and reaches it another way calls it first.
func Integration(t testing.TB) {
	t.Helper()
	if testing.Short() {
		t.Skip("integration test: needs real servers; runs without -short (make test)")
	}
}
