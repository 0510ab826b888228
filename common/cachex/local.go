package cachex

import (
	"context"
	"crypto/tls"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"net"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"
	red "github.com/redis/go-redis/v9"
	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/stores/cache"
	"github.com/zeromicro/go-zero/core/stores/redis"
)

// InvalidationChannel is the Redis pub/sub channel a Local announces the keys
// it deleted on, and every Local on the same Redis listens to.
const InvalidationChannel = "cachex:invalidate"

// LocalConf configures the process-local copy of a model's cache.
type LocalConf struct {
	// Enabled keeps a copy of the rows read in the process, in front of Redis.
	Enabled bool `json:",default=true"`
	// Expiry is how long a copy is served at most, from when it was kept:
	// its age is checked on every read. Every change drops the copies of
	// every replica at once (over Redis pub/sub), and a lost subscription
	// drops them all; this bounds how long one may live when a message is
	// lost while the subscription holds.
	Expiry time.Duration `json:",default=5s"`
	// Limit is the most rows kept; the least recently read go first.
	Limit int `json:",default=10000,range=[1:1000000]"`
}

// Local is a process-local copy of a service's cached rows, in front of the
// caches on its Redis (Front), that drops the copies of every replica when a
// key is deleted:
//
//   - a read whose key is held locally costs no Redis round trip and no JSON
//     decoding: the copy is assigned to the caller's value;
//   - a delete (every change of a row goes through one: the model's own
//     ExecCtx, DelCacheCtx) deletes from Redis, drops the local copy and
//     publishes the keys on InvalidationChannel; every Local subscribed on the
//     same Redis drops its copies of them;
//   - a read that was fetching from Redis while any invalidation arrived does
//     not keep what it fetched (it may predate the change);
//   - when the subscription fails (a read error, or a ping unanswered for a
//     second) every copy is dropped and none is kept until it is back, since
//     messages sent meanwhile are lost; Expiry bounds a copy's life when a
//     message is lost while the subscription holds.
//
// Only values without references are copied (structs of numbers, strings,
// booleans and times, as goctl's rows are); any other value passes through to
// the cache behind. Writes (Set) pass through too: the next read takes the
// row from Redis. A nil *Local is a local cache turned off.
type Local struct {
	// local holds the copies, each expiring by its own age, checked on read
	// (hashicorp/golang-lru's expirable LRU; go-zero's collection.Cache
	// could leave a copy set during its two-step expiry without a timer,
	// served until evicted).
	local  *expirable.LRU[string, entry]
	stat   *cache.Stat
	client red.UniversalClient
	pubsub *red.PubSub
	done   chan struct{}
	wg     sync.WaitGroup

	// mu orders a read's keep of a fetched value against invalidations.
	mu sync.Mutex
	// gens counts the invalidations of the keys of each stripe; a fetch
	// keeps its value only when none of its stripe arrived while it ran.
	gens [stripes]atomic.Uint64
	// epoch changes when the subscription is lost and when it is back; a
	// copy kept in an earlier epoch is not served.
	epoch atomic.Uint64
	// live: subscribed, copies may be kept.
	live atomic.Bool
	// dels takes the keys of the invalidations received to deleteAgain.
	dels chan []string
	// watchers are the Watch calls running, told every change under mu.
	watchers map[*watcher]struct{}
}

// stripes is how many counters the keys' invalidations are spread over.
const stripes = 1024

// version changes whenever key is invalidated or the subscription renewed.
func (l *Local) version(key string) uint64 {
	return l.stripe(key).Load() + l.epoch.Load()
}

// stripeSeed seeds the hash that spreads keys over the stripes.
var stripeSeed = maphash.MakeSeed()

// stripe is the invalidation counter of key (the standard library's
// maphash of it: no allocation, no hash of our own).
func (l *Local) stripe(key string) *atomic.Uint64 {
	return &l.gens[maphash.String(stripeSeed, key)%stripes]
}

// flights is go-zero's single flight for the Redis reads behind a Local,
// where a read joins only a read of the same key that began after the key's
// last invalidation: one that began before may bring the row as it was before
// the change.
type flights struct{ l *Local }

func (f flights) Do(key string, fn func() (any, error)) (any, error) {
	return barrier.Do(f.key(key), fn)
}

func (f flights) DoEx(key string, fn func() (any, error)) (any, bool, error) {
	return barrier.DoEx(f.key(key), fn)
}

func (f flights) key(key string) string {
	return key + "\x00" + strconv.FormatUint(f.l.version(key), 10)
}

// front is a cache.Cache on Redis with a Local in front of it.
type front struct {
	cache.Cache
	l *Local
}

type entry struct {
	val   reflect.Value
	epoch uint64
}

// NewLocal starts a process-local cache, invalidated over the pub/sub of c,
// the service's own Redis (one node), or returns nil when lc is not
// Enabled. Its hits and misses are logged with go-zero's cache statistics
// as local-<name>. Close stops it (the LRU's sweeper, which drops expired
// copies a read has not met, cannot be stopped in golang-lru v2.0.7: one
// idle goroutine per Local stays).
func NewLocal(c cache.CacheConf, lc LocalConf, name string) (*Local, error) {
	if !lc.Enabled {
		return nil, nil
	}
	if len(c) != 1 {
		// Invalidations are published, and deleted again, on one node.
		return nil, errors.New("cachex: a local cache needs a cache of one Redis node")
	}
	if lc.Expiry <= 0 || lc.Limit < 1 {
		return nil, fmt.Errorf("cachex: a local cache needs an Expiry above 0 and a Limit of at least 1 (%s, %d)", lc.Expiry, lc.Limit)
	}
	l := &Local{
		local:  expirable.NewLRU[string, entry](lc.Limit, nil, lc.Expiry),
		stat:   cache.NewStat("local-" + name),
		client: newClient(c[0].RedisConf),
		done:   make(chan struct{}),
		dels:   make(chan []string, 1024),
	}
	l.pubsub = l.client.Subscribe(context.Background(), InvalidationChannel)
	// Wait (briefly: a service starts with its Redis down too) for the
	// subscription, so that copies are kept from the first read.
	if m, err := l.pubsub.ReceiveTimeout(context.Background(), time.Second); err != nil {
		logx.Errorf("cachex: subscribe to %s: %v; no local copies until it is back", InvalidationChannel, err)
	} else if _, ok := m.(*red.Subscription); ok {
		l.subscribed()
	}
	l.wg.Add(2)
	go l.listen()
	go l.deleteAgain()
	return l, nil
}

// MustNewLocal is NewLocal that exits on error.
func MustNewLocal(c cache.CacheConf, lc LocalConf, name string) *Local {
	l, err := NewLocal(c, lc, name)
	logx.Must(err)
	return l
}

// Front is New(c, opts...) with l in front of it; New itself when l is nil.
// Every model of a service whose deletes may drop copies of its rows (e.g. a
// reservation's, which changes a product's stock) must take its cache from
// Front, so that those deletes are published.
func (l *Local) Front(c cache.CacheConf, opts ...cache.Option) cache.Cache {
	if l == nil {
		return New(c, opts...)
	}
	remote := tolerant{Cache: cache.New(c, flights{l}, stats, sql.ErrNoRows, opts...)}
	return front{Cache: remote, l: l}
}

func newClient(c redis.RedisConf) red.UniversalClient {
	opts := &red.UniversalOptions{
		Addrs:         []string{c.Host},
		Username:      c.User,
		Password:      c.Pass,
		IsClusterMode: c.Type == redis.ClusterType,
		Protocol:      c.Protocol,
		// One connection for the subscription, one to publish with.
		PoolSize: 2,
		// A publish that fails is not retried: the change it announces is
		// committed, and the copies it would drop expire soon anyway.
		MaxRetries:    -1,
		DialerRetries: 1,
	}
	if c.Tls {
		opts.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	return red.NewUniversalClient(opts)
}

// Close stops the subscription. A nil Local is closed.
func (l *Local) Close() error {
	if l == nil {
		return nil
	}
	close(l.done)
	err := errors.Join(l.pubsub.Close(), l.client.Close())
	l.wg.Wait()
	return err
}

// listen applies the invalidations received, and drops every copy (keeping
// none until the subscription is back) as soon as the subscription fails: a
// read error, or a ping unanswered for a second.
func (l *Local) listen() {
	defer l.wg.Done()
	pinged, backoff := false, 10*time.Millisecond
	for {
		m, err := l.pubsub.ReceiveTimeout(context.Background(), time.Second)
		select {
		case <-l.done:
			return
		default:
		}
		var nerr net.Error
		switch {
		case errors.As(err, &nerr) && nerr.Timeout():
			if pinged {
				l.lost(errors.New("no answer to a ping"))
			}
			pinged = true
			if err := l.pubsub.Ping(context.Background()); err != nil {
				l.lost(err)
			}
			continue
		case err != nil:
			// go-redis reconnects and subscribes again on the next receive.
			l.lost(err)
			time.Sleep(backoff)
			backoff = min(2*backoff, time.Second)
			continue
		}
		pinged, backoff = false, 10*time.Millisecond
		switch m := m.(type) {
		case *red.Subscription:
			if m.Kind == "subscribe" {
				l.subscribed()
			}
		case *red.Pong:
			// Lost to a ping answered late, not to a broken connection
			// (go-redis would have subscribed again on a new one): every
			// message sent meanwhile has arrived before this answer, on the
			// same connection, so copies may be kept again.
			if !l.live.Load() {
				l.subscribed()
			}
		case *red.Message:
			var keys []string
			if err := json.Unmarshal([]byte(m.Payload), &keys); err != nil {
				logx.Errorf("cachex: invalidation %q: %v; dropping every local copy", m.Payload, err)
				l.subscribed() // a new epoch, still subscribed
				continue
			}
			l.invalidate(keys)
			select {
			case l.dels <- keys:
			case <-l.done:
				return
			}
		}
	}
}

// lost drops every copy and keeps none until the subscription is back.
func (l *Local) lost(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.live.Load() {
		logx.Errorf("cachex: subscription to %s lost (%v): no local copies until it is back", InvalidationChannel, err)
	}
	l.live.Store(false)
	l.epoch.Add(1)
	l.notify(watchEvent{live: false})
}

// subscribed starts a new epoch, in which copies are kept: none of the
// previous one is served, as messages may have been lost in between.
func (l *Local) subscribed() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.epoch.Add(1)
	l.live.Store(true)
	// Watchers drop their copies too: changes may have been missed.
	l.notify(watchEvent{live: false})
	l.notify(watchEvent{live: true})
}

// deleteAgain runs delRemote on the keys of the invalidations received, all
// those waiting at once.
func (l *Local) deleteAgain() {
	defer l.wg.Done()
	for {
		var keys []string
		select {
		case <-l.done:
			return
		case keys = <-l.dels:
		}
		for more := true; more; {
			select {
			case ks := <-l.dels:
				keys = append(keys, ks...)
			default:
				more = false
			}
		}
		l.delRemote(context.Background(), keys)
	}
}

// delRemote deletes keys from Redis once more, when their invalidation
// arrives. A read of this process that queried Postgres before the change's
// commit may have stored the old row in Redis after the change's delete: if
// it stored it before this arrives, this drops it; if after, the read saw the
// invalidation arrive while it ran, and drops it itself (take). Without
// that, the old row would be served until the change's second delete.
func (l *Local) delRemote(ctx context.Context, keys []string) {
	if len(keys) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
	defer cancel()
	if err := l.client.Del(ctx, keys...).Err(); err != nil {
		logx.Errorf("cachex: delete %v on invalidation: %v", keys, err)
	}
}

// invalidate drops the copies of keys.
func (l *Local) invalidate(keys []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		l.stripe(k).Add(1)
		l.local.Remove(k)
	}
	if len(l.watchers) > 0 { // the copy is for them: none is made for nobody
		l.notify(watchEvent{keys: slices.Clone(keys), live: l.live.Load()})
	}
}

// DelCtx deletes keys from Redis, then drops the copies of this process and,
// through InvalidationChannel, of every other. A failed publish is logged:
// the other replicas' copies then live until they expire.
func (f front) DelCtx(ctx context.Context, keys ...string) error {
	if len(keys) == 0 {
		return nil
	}
	err := f.Cache.DelCtx(ctx, keys...)
	l := f.l
	l.invalidate(keys)
	payload, _ := json.Marshal(keys)
	if perr := l.client.Publish(context.WithoutCancel(ctx), InvalidationChannel, payload).Err(); perr != nil {
		logx.WithContext(ctx).Errorf("cachex: publish the invalidation of %v: %v", keys, perr)
	}
	return err
}

func (f front) Del(keys ...string) error { return f.DelCtx(context.Background(), keys...) }

func (f front) TakeCtx(ctx context.Context, val any, key string, query func(val any) error) error {
	return f.l.take(ctx, val, key, func(queried *bool) error {
		return f.Cache.TakeCtx(ctx, val, key, func(v any) error {
			*queried = true
			return query(v)
		})
	})
}

func (f front) Take(val any, key string, query func(val any) error) error {
	return f.TakeCtx(context.Background(), val, key, query)
}

func (f front) TakeWithExpireCtx(ctx context.Context, val any, key string,
	query func(val any, expire time.Duration) error) error {
	return f.l.take(ctx, val, key, func(queried *bool) error {
		return f.Cache.TakeWithExpireCtx(ctx, val, key, func(v any, expire time.Duration) error {
			*queried = true
			return query(v, expire)
		})
	})
}

func (f front) TakeWithExpire(val any, key string, query func(val any, expire time.Duration) error) error {
	return f.TakeWithExpireCtx(context.Background(), val, key, query)
}

// take serves key from the local copy, or fetches it into val and keeps a
// copy. fetch reports whether it queried the database (and stored what it
// read in Redis): when an invalidation arrived meanwhile, what it stored may
// be older than the change, and it is deleted (delRemote says why).
func (l *Local) take(ctx context.Context, val any, key string, fetch func(queried *bool) error) error {
	if l.load(key, val) {
		return nil
	}
	version, epoch := l.version(key), l.epoch.Load()
	queried := false
	err := fetch(&queried)
	if err == nil && l.keep(key, val, version, epoch) {
		return nil
	}
	if queried && l.version(key) != version {
		l.delRemote(ctx, []string{key})
	}
	return err
}

// load assigns the local copy of key to *val, and says whether there was one.
func (l *Local) load(key string, val any) bool {
	l.stat.IncrementTotal()
	e, ok := l.local.Get(key)
	if !ok {
		l.stat.IncrementMiss()
		return false
	}
	dst := reflect.ValueOf(val)
	if e.epoch != l.epoch.Load() || dst.Kind() != reflect.Pointer || dst.IsNil() ||
		dst.Elem().Type() != e.val.Type() {
		l.stat.IncrementMiss()
		return false
	}
	dst.Elem().Set(e.val)
	l.stat.IncrementHit()
	return true
}

// keep stores a copy of *val under key, and says whether it did: not when an
// invalidation of key arrived since the fetch began (version, epoch were read
// before it), nor when *val has references a caller could change through.
func (l *Local) keep(key string, val any, version, epoch uint64) bool {
	src := reflect.ValueOf(val)
	if !l.live.Load() || src.Kind() != reflect.Pointer || src.IsNil() || !flat(src.Elem()) {
		return false
	}
	cp := reflect.New(src.Elem().Type()).Elem()
	cp.Set(src.Elem())
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.version(key) != version || l.epoch.Load() != epoch || !l.live.Load() {
		return false
	}
	l.local.Add(key, entry{val: cp, epoch: epoch})
	return true
}

var timeType = reflect.TypeFor[time.Time]()

// flat says whether a copy of v shares nothing a caller could change: no
// pointers, slices, maps or channels (a time.Time's location is immutable).
func flat(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Bool, reflect.String, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return true
	case reflect.Interface:
		return !v.IsNil() && flat(v.Elem())
	case reflect.Array:
		for i := range v.Len() {
			if !flat(v.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Struct:
		if v.Type() == timeType {
			return true
		}
		for i := range v.NumField() {
			if !flat(v.Field(i)) {
				return false
			}
		}
		return true
	default:
		return false
	}
}
