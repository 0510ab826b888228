package testkit

import (
	"net"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"

	toxiproxy "github.com/Shopify/toxiproxy/v2"
	toxiclient "github.com/Shopify/toxiproxy/v2/client"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"

	"github.com/zsuite/testkit/gate"
)

// Toxiproxy is Shopify's fault-injection proxy, embedded in the test binary
// (its server runs on a free loopback port and is driven through its own
// client, as a separate toxiproxy-server would be): a service reaches one of
// its stores through a proxy that the test slows down or cuts and heals.
//
// It is embedded rather than run as a `go tool`: client and server are one
// module pinned once, in common/go.mod, so they never drift apart, and no
// second process has to be built, started and awaited. It adds no version to
// the services' build list (their modules only gain entries they never link).
type Toxiproxy struct {
	t      testing.TB
	client *toxiclient.Client
	links  map[string]*Link
}

// Store names a service's store that a proxy can stand in front of.
type Store string

const (
	// StorePostgres is the service's DATABASE_URL.
	StorePostgres Store = "postgres"
	// StoreRedis is the service's REDIS_ADDR.
	StoreRedis Store = "redis"
)

// NewToxiproxy starts a toxiproxy server for the test; its proxies close
// when the test ends.
func NewToxiproxy(t testing.TB) *Toxiproxy {
	t.Helper()
	gate.Integration(t)
	server := toxiproxy.NewServer(toxiproxy.NewMetricsContainer(prometheus.NewRegistry()), zerolog.Nop())
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(FreePort(t)))
	served := make(chan error, 1)
	go func() { served <- server.Listen(addr) }()
	tp := &Toxiproxy{t: t, client: toxiclient.NewClient(addr), links: map[string]*Link{}}
	t.Cleanup(func() {
		for _, l := range tp.links {
			for _, p := range l.proxies {
				if err := p.Delete(); err != nil {
					t.Errorf("toxiproxy: delete %s: %v", p.Name, err)
				}
			}
		}
		_ = server.Shutdown()
		<-served //nolint:errcheck // the server's end after Shutdown says nothing
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := tp.client.Version(); err == nil {
			return tp
		} else if time.Now().After(deadline) {
			t.Fatalf("toxiproxy did not answer on %s: %v", addr, err)
		}
		select {
		case err := <-served:
			t.Fatalf("toxiproxy on %s: %v", addr, err)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// Between is a StartSuite option: service reaches store through a proxy of
// its own, which Link returns. Give it after any option that replaces the
// store (WithPostgres, WithRedis): it proxies what the service would use.
func (tp *Toxiproxy) Between(service string, store Store) SuiteOption {
	return func(c *SuiteConfig) {
		env := c.Env
		t := tp.t
		t.Helper()
		name := service + "-" + string(store)
		var target string
		switch store {
		case StorePostgres:
			target = env[service]["DATABASE_URL"]
		case StoreRedis:
			target = env[service]["REDIS_ADDR"]
		}
		if target == "" {
			t.Fatalf("toxiproxy: %s has no %s to proxy", service, store)
		}
		upstream, rewrite := target, func(listen string) string { return listen }
		if store == StorePostgres {
			u, err := url.Parse(target)
			if err != nil {
				t.Fatalf("toxiproxy: DATABASE_URL of %s: %v", service, err)
			}
			upstream = u.Host
			rewrite = func(listen string) string { u.Host = listen; return u.String() }
		}
		proxy, err := tp.client.CreateProxy(name, "127.0.0.1:0", upstream)
		if err != nil {
			t.Fatalf("toxiproxy: create %s: %v", name, err)
		}
		tp.links[name] = &Link{name: name, proxies: []*toxiclient.Proxy{proxy}}
		if store == StorePostgres {
			env[service]["DATABASE_URL"] = rewrite(proxy.Listen)
		} else {
			env[service]["REDIS_ADDR"] = rewrite(proxy.Listen)
		}
	}
}

// Link is the proxy Between put between service and store.
func (tp *Toxiproxy) Link(service string, store Store) *Link {
	tp.t.Helper()
	l, ok := tp.links[service+"-"+string(store)]
	if !ok {
		tp.t.Fatalf("toxiproxy: no link between %s and its %s: start the suite with Between(%q, %q)", service, store, service, store)
	}
	return l
}

// Link is one proxied connection path between a service and its store, or
// between a service's callers and its replicas (InFrontOf): one proxy per
// upstream address, all of them given the same toxics.
type Link struct {
	name string

	mu      sync.Mutex
	proxies []*toxiclient.Proxy
	toxics  []toxic // what every proxy of the link has now
}

// toxic is one toxic as AddToxic takes it.
type toxic struct {
	name, kind, stream string
	attrs              toxiclient.Attributes
}

// Name is "<service>-<store>", or "<service>-peer".
func (l *Link) Name() string { return l.name }

// add gives every proxy of the link the toxics, and remembers them for a
// proxy added later.
func (l *Link) add(t testing.TB, what string, toxics ...toxic) {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, tx := range toxics {
		for _, p := range l.proxies {
			if _, err := p.AddToxic(tx.name, tx.kind, tx.stream, 1, tx.attrs); err != nil {
				t.Fatalf("toxiproxy: %s on %s: %v", what, l.name, err)
			}
		}
		l.toxics = append(l.toxics, tx)
	}
}

// addProxy adds a proxy to the link with the link's toxics.
func (l *Link) addProxy(p *toxiclient.Proxy) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, tx := range l.toxics {
		if _, err := p.AddToxic(tx.name, tx.kind, tx.stream, 1, tx.attrs); err != nil {
			return err
		}
	}
	l.proxies = append(l.proxies, p)
	return nil
}

// Latency delays every answer of the store by d (the downstream direction),
// so that every round trip takes d longer.
func (l *Link) Latency(t testing.TB, d time.Duration) {
	t.Helper()
	l.Jitter(t, d, 0)
}

// Jitter delays every answer of the store by d ± up to jitter, each its own.
func (l *Link) Jitter(t testing.TB, d, jitter time.Duration) {
	t.Helper()
	l.add(t, "latency", toxic{"latency", "latency", "downstream",
		toxiclient.Attributes{"latency": d.Milliseconds(), "jitter": jitter.Milliseconds()}})
}

// Partition cuts the link as a network partition does: connections stay
// open, nothing passes in either direction, and new connections are accepted
// by the proxy but never reach the store (the timeout toxic with no timeout).
func (l *Link) Partition(t testing.TB) {
	t.Helper()
	l.add(t, "partition",
		toxic{"partition-upstream", "timeout", "upstream", toxiclient.Attributes{"timeout": 0}},
		toxic{"partition-downstream", "timeout", "downstream", toxiclient.Attributes{"timeout": 0}})
}

// Timeout makes the store look hung, then gone: nothing passes, and each
// connection is closed d after the toxic is added or it was opened
// (toxiproxy's timeout toxic), as a firewall that drops idle flows or a
// load balancer's idle timeout does.
func (l *Link) Timeout(t testing.TB, d time.Duration) {
	t.Helper()
	l.add(t, "timeout", toxic{"timeout", "timeout", "downstream", toxiclient.Attributes{"timeout": d.Milliseconds()}})
}

// Heal removes every toxic from the link. Connections that a partition held
// are closed by the proxy (what was sent through them is lost); new ones
// pass again.
func (l *Link) Heal(t testing.TB) {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.toxics = nil
	for _, p := range l.proxies {
		toxics, err := p.Toxics()
		if err != nil {
			t.Fatalf("toxiproxy: toxics of %s: %v", l.name, err)
		}
		for _, tx := range toxics {
			if err := p.RemoveToxic(tx.Name); err != nil {
				t.Fatalf("toxiproxy: remove %s from %s: %v", tx.Name, l.name, err)
			}
		}
	}
}
