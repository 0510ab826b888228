package discovx

import (
	"math/rand/v2"
	"strings"
	"sync"

	"github.com/zeromicro/go-zero/core/discov"
	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/zrpc"
	"google.golang.org/grpc"
	"google.golang.org/grpc/resolver"
)

const (
	// etcdScheme is the scheme of the targets zrpc builds from
	// RpcClientConf.Etcd (zrpc/resolver.BuildDiscovTarget).
	etcdScheme = "etcd"
	// subsetSize is how many endpoints a client connects to at most, as in
	// go-zero's resolver.
	subsetSize = 32
)

// ClientOption makes a zrpc client resolve its etcd target with a resolver
// that keeps the last known endpoints while none are registered: go-zero's
// hands grpc an empty list whenever the registry is momentarily empty (a
// server registering again after an etcd outage), and every call fails until
// the server's new key arrives. An endpoint whose registration ends while
// others remain (a graceful stop) leaves the list at once, as before.
func ClientOption() zrpc.ClientOption {
	return zrpc.WithDialOption(grpc.WithResolvers(builder{}))
}

// builder builds the resolver for etcd targets, in place of go-zero's for
// the clients given ClientOption.
type builder struct{}

func (builder) Scheme() string { return etcdScheme }

func (builder) Build(target resolver.Target, cc resolver.ClientConn, _ resolver.BuildOptions) (resolver.Resolver, error) {
	hosts, key := parseTarget(target)
	sub, err := discov.NewSubscriber(hosts, key)
	if err != nil {
		return nil, err
	}
	r := &lastKnown{cc: cc, sub: sub, key: key}
	sub.AddListener(r.update)
	r.update()
	return r, nil
}

// parseTarget reads the etcd hosts and the key from a target in either of
// go-zero's forms: etcd:///host1,host2?key=k and etcd://host/k.
func parseTarget(target resolver.Target) (hosts []string, key string) {
	u := target.URL
	if u.Host == "" {
		return splitHosts(strings.Trim(u.Path, "/")), u.Query().Get("key")
	}
	return splitHosts(u.Host), strings.Trim(u.Path, "/")
}

func splitHosts(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' })
}

// lastKnown hands grpc the registered endpoints, except an empty list once
// it has had endpoints: then the last known ones stay.
type lastKnown struct {
	cc  resolver.ClientConn
	sub *discov.Subscriber
	key string

	mu    sync.Mutex
	known bool
}

func (r *lastKnown) update() {
	r.mu.Lock()
	defer r.mu.Unlock()
	vals := r.sub.Values()
	if len(vals) == 0 && r.known {
		logx.Infof("no endpoint registered under %s: keeping the last known until one is", r.key)
		return
	}
	r.known = len(vals) > 0
	vals = append([]string(nil), vals...)
	rand.Shuffle(len(vals), func(i, j int) { vals[i], vals[j] = vals[j], vals[i] }) //nolint:gosec // G404: spreads load, secures nothing
	if len(vals) > subsetSize {
		vals = vals[:subsetSize]
	}
	addrs := make([]resolver.Address, 0, len(vals))
	for _, v := range vals {
		addrs = append(addrs, resolver.Address{Addr: v})
	}
	if err := r.cc.UpdateState(resolver.State{Addresses: addrs}); err != nil {
		logx.Error(err)
	}
}

func (r *lastKnown) ResolveNow(resolver.ResolveNowOptions) {}

func (r *lastKnown) Close() { r.sub.Close() }
