package testkit

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// peerTTL is the lease, in seconds, of the registrations InFrontOf makes:
// go-zero's discov.TimeToLive, which the services' own registrations have.
const peerTTL = 10

// peerPoll is how often InFrontOf copies the service's registrations.
const peerPoll = 100 * time.Millisecond

// InFrontOf is a StartSuite option that puts toxiproxy between an RPC
// service and every caller that finds it through etcd (the link
// Link(service, StorePeer)). The service's replicas register under a key of
// their own (its ETCD_KEY_PREFIX + "direct."), and a copier registers, under
// the key the callers resolve, a proxy in front of each replica registered
// there, for as long as that replica is registered: a replica that stops
// leaves the callers' list as it would without the proxy, within peerPoll
// more. The copier reconnects and registers again after an etcd outage, as
// the services do; its registrations live on a lease of go-zero's length.
//
// Only a service that calls no other through etcd can stand behind it (the
// prefix is also where a service looks its callees up): in this suite,
// user-rpc and inventory-rpc. Give it after WithEtcd.
func (tp *Toxiproxy) InFrontOf(service string) SuiteOption {
	return func(c *SuiteConfig) {
		t := tp.t
		t.Helper()
		env := c.Env[service]
		if env == nil {
			t.Fatalf("toxiproxy: no service %q in front of which to stand", service)
		}
		prefix, hosts := env["ETCD_KEY_PREFIX"], strings.Split(env["ETCD_HOSTS"], ",")
		env["ETCD_KEY_PREFIX"] = prefix + "direct."
		name := service + "-" + string(StorePeer)
		link := &Link{name: name}
		tp.links[name] = link
		key := prefix + strings.TrimSuffix(service, "-rpc") + ".rpc"
		cp := &peerCopier{tp: tp, link: link, from: prefix + "direct." + key[len(prefix):] + "/", to: key + "/",
			etcd: &etcdHTTP{hosts: hosts}, proxies: map[string]string{}, stop: make(chan struct{}), done: make(chan struct{})}
		go cp.run()
		t.Cleanup(func() {
			close(cp.stop)
			<-cp.done
		})
	}
}

// StorePeer names the link between a service's callers and its replicas
// (InFrontOf).
const StorePeer Store = "peer"

// peerCopier registers a proxy for every registration of a service's
// replicas.
type peerCopier struct {
	tp       *Toxiproxy
	link     *Link
	from, to string // key prefixes: the replicas', the callers'
	etcd     *etcdHTTP

	mu      sync.Mutex
	proxies map[string]string // replica address -> its proxy's
	lease   int64
	renewed time.Time
	stop    chan struct{}
	done    chan struct{}
}

func (c *peerCopier) run() {
	defer close(c.done)
	for {
		select {
		case <-c.stop:
			return
		case <-time.After(peerPoll):
		}
		if err := c.sync(); err != nil {
			// etcd is away: the callers keep what they resolved last, as
			// they do when a service cannot renew its own lease.
			continue
		}
	}
}

// sync makes the callers' key hold a proxy of each replica registered now.
func (c *peerCopier) sync() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if c.lease != 0 && time.Since(c.renewed) > time.Second {
		alive, err := c.etcd.keepAlive(ctx, c.lease)
		switch {
		case err != nil:
			return err
		case !alive:
			c.lease = 0 // lost in an outage longer than the lease: register again
		default:
			c.renewed = time.Now()
		}
	}
	if c.lease == 0 {
		id, err := c.etcd.grant(ctx, peerTTL)
		if err != nil {
			return err
		}
		c.lease, c.renewed = id, time.Now()
	}
	replicas, err := c.etcd.prefix(ctx, c.from)
	if err != nil {
		return err
	}
	published, err := c.etcd.prefix(ctx, c.to)
	if err != nil {
		return err
	}
	want := map[string]bool{}
	for _, kv := range replicas {
		proxy, err := c.proxyOf(kv.value)
		if err != nil {
			return err
		}
		want[proxy] = true
	}
	have := map[string]bool{}
	for _, kv := range published {
		if want[kv.value] && kv.lease == c.lease {
			have[kv.value] = true
			continue
		}
		if err := c.etcd.call(ctx, "/v3/kv/deleterange", map[string]any{"key": b64(kv.key)}, nil); err != nil {
			return err
		}
	}
	for proxy := range want {
		if have[proxy] {
			continue
		}
		k := fmt.Sprintf("%s%x-%s", c.to, c.lease, proxy)
		if err := c.etcd.call(ctx, "/v3/kv/put", map[string]any{"key": b64(k), "value": b64(proxy), "lease": strconv.FormatInt(c.lease, 10)}, nil); err != nil {
			return err
		}
	}
	return nil
}

// proxyOf is the address of the proxy in front of a replica, made the first
// time the replica is seen (a replica restarted keeps its address).
func (c *peerCopier) proxyOf(replica string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p, ok := c.proxies[replica]; ok {
		return p, nil
	}
	name := fmt.Sprintf("%s-%d", c.link.name, len(c.proxies)+1)
	p, err := c.tp.client.CreateProxy(name, "127.0.0.1:0", replica)
	if err != nil {
		return "", fmt.Errorf("toxiproxy: create %s: %w", name, err)
	}
	if err := c.link.addProxy(p); err != nil {
		return "", fmt.Errorf("toxiproxy: the link's toxics on %s: %w", name, err)
	}
	c.proxies[replica] = p.Listen
	return p.Listen, nil
}

// etcdHTTP is the little of etcd's v3 API the copier needs, through etcd's
// JSON gateway: the test kit's module keeps the etcd client out of the
// build lists of the modules that use it (the bench, the deploy checks).
type etcdHTTP struct{ hosts []string }

type keyValue struct {
	key, value string
	lease      int64
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// call posts in to path on the first host that answers and decodes the
// answer into out (when not nil).
func (e *etcdHTTP) call(ctx context.Context, path string, in, out any) error {
	body, err := json.Marshal(in)
	if err != nil {
		return err
	}
	var last error
	for _, h := range e.hosts {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+h+path, bytes.NewReader(body))
		if err != nil {
			return err
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			last = err
			continue
		}
		err = func() error {
			defer resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				var e struct{ Message string }
				_ = json.NewDecoder(resp.Body).Decode(&e)
				return fmt.Errorf("etcd %s: %d %s", path, resp.StatusCode, e.Message)
			}
			if out == nil {
				return nil
			}
			return json.NewDecoder(resp.Body).Decode(out)
		}()
		if err == nil {
			return nil
		}
		last = err
	}
	return last
}

// prefix is every key under p.
func (e *etcdHTTP) prefix(ctx context.Context, p string) ([]keyValue, error) {
	end := []byte(p)
	end[len(end)-1]++
	var out struct {
		Kvs []struct {
			Key, Value string
			Lease      string
		}
	}
	if err := e.call(ctx, "/v3/kv/range", map[string]any{"key": b64(p), "range_end": base64.StdEncoding.EncodeToString(end)}, &out); err != nil {
		return nil, err
	}
	kvs := make([]keyValue, 0, len(out.Kvs))
	for _, kv := range out.Kvs {
		k, err1 := base64.StdEncoding.DecodeString(kv.Key)
		v, err2 := base64.StdEncoding.DecodeString(kv.Value)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("etcd: a key or value under %s is not base64", p)
		}
		lease, _ := strconv.ParseInt(kv.Lease, 10, 64)
		kvs = append(kvs, keyValue{key: string(k), value: string(v), lease: lease})
	}
	return kvs, nil
}

// grant is a new lease of ttl seconds.
func (e *etcdHTTP) grant(ctx context.Context, ttl int) (int64, error) {
	var out struct{ ID string }
	if err := e.call(ctx, "/v3/lease/grant", map[string]any{"TTL": ttl}, &out); err != nil {
		return 0, err
	}
	return strconv.ParseInt(out.ID, 10, 64)
}

// keepAlive renews a lease once; false: the lease is gone.
func (e *etcdHTTP) keepAlive(ctx context.Context, id int64) (bool, error) {
	var out struct {
		Result struct{ TTL string }
	}
	if err := e.call(ctx, "/v3/lease/keepalive", map[string]any{"ID": strconv.FormatInt(id, 10)}, &out); err != nil {
		return false, err
	}
	ttl, _ := strconv.ParseInt(out.Result.TTL, 10, 64)
	return ttl > 0, nil
}
