package e2e

import (
	"testing"
	"time"

	"github.com/zsuite/testkit"
)

// TestFaultEtcd stops the suite's etcd for longer than a registration's
// lease (go-zero's discov.TimeToLive, 10 s) and starts it again, while the
// prober runs. The services themselves stay up, so every route keeps
// answering 200 throughout and after: clients keep their last known
// endpoints, and servers register again as soon as etcd answers, before
// their old leases run out. It watches 13 s past the restart, beyond the
// point where a lease taken before the outage would have expired.
func TestFaultEtcd(t *testing.T) {
	etcd := testkit.StartEtcd(t)
	s := testkit.StartSuite(t, append(probeLimits(), testkit.WithEtcd(etcd))...)
	w := newProbeWorld(t, s)
	var rows []recovery
	runFault(t, s, w, fault{
		name:       "etcd stopped 12 s",
		inject:     func(*testing.T) { etcd.Stop() },
		end:        func(t *testing.T) { etcd.Start(t) },
		lasts:      12 * time.Second,
		observe:    13 * time.Second,
		unaffected: probeRoutes,
	}, &rows)
}
