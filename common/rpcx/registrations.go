package rpcx

import (
	"github.com/zeromicro/go-zero/core/discov"
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
// it serves (the alert ServiceNotRegistered). It returns the watch's stop.
func watchRegistrations(c discov.EtcdConf) (func(), error) {
	var opts []discov.SubOption
	if c.HasAccount() {
		opts = append(opts, discov.WithSubEtcdAccount(c.User, c.Pass))
	}
	if c.HasTLS() {
		opts = append(opts, discov.WithSubEtcdTLS(c.CertFile, c.CertKeyFile, c.CACertFile, c.InsecureSkipVerify))
	}
	sub, err := discov.NewSubscriber(c.Hosts, c.Key, opts...)
	if err != nil {
		return nil, err
	}
	update := func() { registrations.Set(float64(len(sub.Values())), c.Key) }
	sub.AddListener(update)
	update()
	return sub.Close, nil
}
