package rpcx

import (
	"sync"
	"time"

	"github.com/zeromicro/go-zero/core/discov"
	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/metric"
)

var registrations = metric.NewGaugeVec(&metric.GaugeVecOpts{
	Namespace: "zsuite", Subsystem: "etcd", Name: "registrations",
	Help:   "Endpoints registered in etcd under the service's key, as the service's own watch of the key sees them.",
	Labels: []string{"key"},
})

// watchRegistrations keeps zsuite_etcd_registrations{key} equal to the number
// of endpoints registered under the service's own key, which is what its
// callers resolve: 0 means that no caller can reach the service, however well
// it serves (the alert ServiceNotRegistered). etcd may be down when the
// service starts, which must not stop it (discovx registers it once etcd
// answers): the watch is set up in the background, tried again until it is,
// and reads 0 meanwhile. It returns the watch's stop.
func watchRegistrations(c discov.EtcdConf) (stop func()) {
	var opts []discov.SubOption
	if c.HasAccount() {
		opts = append(opts, discov.WithSubEtcdAccount(c.User, c.Pass))
	}
	if c.HasTLS() {
		opts = append(opts, discov.WithSubEtcdTLS(c.CertFile, c.CertKeyFile, c.CACertFile, c.InsecureSkipVerify))
	}
	registrations.Set(0, c.Key)
	var (
		mu      sync.Mutex
		sub     *discov.Subscriber
		stopped bool
		done    = make(chan struct{})
	)
	go func() {
		for wait := 100 * time.Millisecond; ; wait = min(2*wait, 5*time.Second) {
			s, err := discov.NewSubscriber(c.Hosts, c.Key, opts...)
			if err == nil {
				mu.Lock()
				defer mu.Unlock()
				if stopped {
					s.Close()
					return
				}
				sub = s
				update := func() { registrations.Set(float64(len(s.Values())), c.Key) }
				s.AddListener(update)
				update()
				return
			}
			logx.Errorf("watching the registrations under %s: %v (trying again in %s)", c.Key, err, wait)
			select {
			case <-done:
				return
			case <-time.After(wait):
			}
		}
	}()
	return func() {
		mu.Lock()
		defer mu.Unlock()
		if !stopped {
			stopped = true
			close(done)
			if sub != nil {
				sub.Close()
			}
		}
	}
}
