package discovx

import (
	"context"
	"fmt"
	"net"
	"os"
	"sync"
	"time"

	"github.com/zeromicro/go-zero/core/discov"
	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/netx"
	"github.com/zeromicro/go-zero/core/proc"
	"go.etcd.io/etcd/client/pkg/v3/transport"
	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"
	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"
)

const (
	// requestTimeout bounds one etcd request: a request to an etcd that is
	// down waits for it this long at most, then the next attempt begins.
	requestTimeout = time.Second
	// retryPause separates attempts that failed at once (etcd refused them).
	retryPause = 100 * time.Millisecond
)

// reconnect is how the publisher's etcd client reconnects after etcd went
// away: within half a second of etcd answering again, whatever the length of
// the outage (grpc-go's default backoff grows to two minutes).
var reconnect = grpc.ConnectParams{
	Backoff:           backoff.Config{BaseDelay: 100 * time.Millisecond, Multiplier: 1.6, Jitter: 0.2, MaxDelay: 500 * time.Millisecond},
	MinConnectTimeout: time.Second,
}

// A Publisher registers a server in etcd as go-zero's discov.Publisher does
// — the address under <key>/<lease id> (<key>/<id> with EtcdConf.ID) on a
// lease of discov.TimeToLive seconds that it keeps alive, revoked when the
// server stops — so that go-zero's resolvers find it. It differs where
// go-zero's leaves callers without endpoints: when the lease is lost (etcd
// was away longer than the lease), it registers again as soon as etcd
// answers, under a new lease and key first, and only then revokes the old
// lease (go-zero revokes first, so for a moment the server is not registered
// at all, and waits for etcd with grpc's backoff of up to two minutes); and a
// server started while etcd is down serves at once and registers when etcd
// answers.
//
// A Publisher is a go-zero service.Service: Start registers and keeps the
// registration until Stop, which deregisters. Start also deregisters on
// go-zero's wrap-up, the first step of a graceful shutdown, so that callers
// leave the server before it stops serving.
type Publisher struct {
	cli        *clientv3.Client
	key, value string
	id         int64

	ctx      context.Context
	cancel   context.CancelFunc
	started  chan struct{}
	done     chan struct{}
	stopOnce sync.Once
}

// NewPublisher returns a Publisher of the server listening on listenOn under
// c.Key in the etcd of c.Hosts. The address registered is listenOn, or, when
// it listens on every interface, POD_IP or the machine's internal IP with its
// port, as go-zero's zrpc registers it.
func NewPublisher(c discov.EtcdConf, listenOn string) (*Publisher, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	cfg := clientv3.Config{
		Endpoints:   c.Hosts,
		Username:    c.User,
		Password:    c.Pass,
		DialOptions: []grpc.DialOption{grpc.WithConnectParams(reconnect)},
		// Its warnings repeat every failed attempt in a format of its own;
		// the publisher logs the first failure and the recovery instead.
		Logger: zap.NewNop(),
	}
	if c.HasTLS() {
		tls, err := transport.TLSInfo{CertFile: c.CertFile, KeyFile: c.CertKeyFile, TrustedCAFile: c.CACertFile}.ClientConfig()
		if err != nil {
			return nil, fmt.Errorf("etcd TLS: %w", err)
		}
		tls.InsecureSkipVerify = c.InsecureSkipVerify
		cfg.TLS = tls
	}
	cli, err := clientv3.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("etcd client: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background()) //nolint:gosec // G118: kept in the Publisher, called by Stop
	return &Publisher{
		cli:     cli,
		key:     c.Key,
		value:   publishedAddr(listenOn),
		id:      c.ID,
		ctx:     ctx,
		cancel:  cancel,
		started: make(chan struct{}),
		done:    make(chan struct{}),
	}, nil
}

// MustNewPublisher is NewPublisher that exits on an error.
func MustNewPublisher(c discov.EtcdConf, listenOn string) *Publisher {
	p, err := NewPublisher(c, listenOn)
	logx.Must(err)
	return p
}

// Start registers the server and keeps it registered until Stop.
func (p *Publisher) Start() {
	close(p.started)
	defer close(p.done)
	defer p.cli.Close()
	proc.AddWrapUpListener(p.Stop)

	var lease clientv3.LeaseID
	for {
		next, err := p.register()
		if err != nil { // stopped
			break
		}
		if lease != clientv3.NoLease {
			p.revoke(lease)
		}
		lease = next
		p.keepAlive(lease)
		if p.ctx.Err() != nil {
			break
		}
		logx.Errorf("etcd lease of %s under %s lost, registering again", p.value, p.key)
	}
	if lease != clientv3.NoLease {
		p.revoke(lease)
	}
}

// Stop deregisters the server and returns when it is done.
func (p *Publisher) Stop() {
	p.stopOnce.Do(p.cancel)
	select {
	case <-p.started:
		<-p.done
	default: // never started: nothing registered
		_ = p.cli.Close()
	}
}

// register puts the server's key under a new lease, trying until it
// succeeds or the publisher stops.
func (p *Publisher) register() (clientv3.LeaseID, error) {
	var failedSince time.Time
	for {
		lease, err := p.registerOnce()
		if err == nil {
			if !failedSince.IsZero() {
				logx.Infof("registered %s under %s after %v of failed attempts", p.value, p.key, time.Since(failedSince))
			}
			return lease, nil
		}
		if p.ctx.Err() != nil {
			return clientv3.NoLease, p.ctx.Err()
		}
		if failedSince.IsZero() {
			failedSince = time.Now()
			logx.Errorf("registering %s under %s in etcd: %v; trying until etcd answers", p.value, p.key, err)
		}
		select {
		case <-p.ctx.Done():
			return clientv3.NoLease, p.ctx.Err()
		case <-time.After(retryPause):
		}
	}
}

func (p *Publisher) registerOnce() (clientv3.LeaseID, error) {
	ctx, cancel := context.WithTimeout(p.ctx, requestTimeout)
	defer cancel()
	grant, err := p.cli.Grant(ctx, discov.TimeToLive)
	if err != nil {
		return clientv3.NoLease, err
	}
	if _, err := p.cli.Put(ctx, p.fullKey(grant.ID), p.value, clientv3.WithLease(grant.ID)); err != nil {
		p.revoke(grant.ID)
		return clientv3.NoLease, err
	}
	return grant.ID, nil
}

// keepAlive keeps lease alive until it is lost (etcd did not answer for
// longer than the lease, or the lease is gone) or the publisher stops. A key
// deleted by someone else is put again, as go-zero's Publisher does.
func (p *Publisher) keepAlive(lease clientv3.LeaseID) {
	ctx, cancel := context.WithCancel(p.ctx)
	defer cancel()
	alive, err := p.cli.KeepAlive(ctx, lease)
	if err != nil {
		return
	}
	key := p.fullKey(lease)
	deleted := p.cli.Watch(ctx, key, clientv3.WithFilterPut())
	for {
		select {
		case _, ok := <-alive:
			if !ok {
				return
			}
		case w, ok := <-deleted:
			if !ok {
				deleted = nil // the watch ended: keep the lease alive without it
				continue
			}
			if len(w.Events) > 0 {
				p.put(ctx, key, lease)
			}
		}
	}
}

func (p *Publisher) put(ctx context.Context, key string, lease clientv3.LeaseID) {
	ctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()
	if _, err := p.cli.Put(ctx, key, p.value, clientv3.WithLease(lease)); err != nil {
		logx.Errorf("putting back the deleted key %s: %v", key, err)
	}
}

// revoke ends lease and so removes its key; when etcd does not answer, the
// lease ends by itself within its TTL.
func (p *Publisher) revoke(lease clientv3.LeaseID) {
	ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
	defer cancel()
	if _, err := p.cli.Revoke(ctx, lease); err != nil {
		logx.Errorf("revoking the etcd lease %x of %s (it ends by itself within %d s): %v", lease, p.value, discov.TimeToLive, err)
	}
}

// fullKey is go-zero's key of a registration: <key>/<id>.
func (p *Publisher) fullKey(lease clientv3.LeaseID) string {
	id := int64(lease)
	if p.id > 0 {
		id = p.id
	}
	return fmt.Sprintf("%s/%d", p.key, id)
}

// publishedAddr is the address callers reach listenOn at, as go-zero's
// zrpc publishes it: on every interface, the pod's or the machine's IP.
func publishedAddr(listenOn string) string {
	host, port, err := net.SplitHostPort(listenOn)
	if err != nil || (host != "" && host != "0.0.0.0") {
		return listenOn
	}
	ip := os.Getenv("POD_IP")
	if ip == "" {
		ip = netx.InternalIp()
	}
	if ip == "" {
		return listenOn
	}
	return net.JoinHostPort(ip, port)
}
