package testkit

import (
	"net"
	"testing"
)

// Etcd returns the local stack's etcd endpoints and a key prefix of the test's
// own, under which its services register so that they never meet a running
// `make run` stack's services.
func Etcd(t testing.TB) (hosts []string, prefix string) {
	t.Helper()
	addr := net.JoinHostPort("127.0.0.1", Port(t, "ETCD_PORT"))
	mustReach(t, "etcd", addr)
	return []string{addr}, "test-" + randomHex(4) + "."
}
