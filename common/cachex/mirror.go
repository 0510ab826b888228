package cachex

import (
	"context"
	"math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"
	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/stores/cache"
	"github.com/zeromicro/go-zero/core/syncx"
)

// Mirror is a copy, in a caller's process, of rows another service owns and
// keeps a Local of (user-api's copy of the products inventory-rpc serves):
//
//   - a read whose row is held costs no call to the owner;
//   - the owner streams its changes (its Local's Watch, over gRPC), and
//     Follow drops the copies of the rows they name;
//   - a copy is kept only while a stream is open and its owner says it is told
//     every change; when the stream ends, or the owner loses its own
//     subscription, every copy is dropped and none kept until it is back;
//   - a read that was fetching while a change of its row arrived does not keep
//     what it fetched; nor does a read that began within Settle of a change
//     of its row: it may have been answered by a replica of the owner not yet
//     told of the change (each replica learns it over its own subscription);
//   - reads of a row that miss at once share one fetch (copies read together
//     expire together: without it, a busy process sent one call per read of
//     each until the first answered), never one that began before the row's
//     last change;
//   - Expiry bounds a copy's life when a change is lost on the way, as a
//     Local's does (less up to a fifth at random: copies read together
//     expire apart, and are not all fetched again in one burst).
//
// A nil *Mirror is one turned off: Get fetches every time.
type Mirror[V any] struct {
	rows   *expirable.LRU[int64, mirrored[V]]
	stat   *cache.Stat
	name   string
	expiry time.Duration
	// flights joins the reads of a row that miss at once into one fetch
	// (the copies of rows read together expire together), but never a
	// fetch that began before the row's last change.
	flights syncx.SingleFlight

	// mu orders a read's keep of a fetched row against changes.
	mu sync.Mutex
	// gens counts the changes of the rows of each stripe, and changed holds
	// when (unix nanoseconds) the last one arrived.
	gens    [stripes]atomic.Uint64
	changed [stripes]atomic.Int64
	// epoch changes when the stream is lost and when it is back; a copy kept
	// in an earlier epoch is not served.
	epoch atomic.Uint64
	// live: a stream is open and its owner is told every change.
	live atomic.Bool
}

// Settle is how long after a change of a row a read of it is not kept (see
// Mirror): longer than an invalidation takes to reach every replica of the
// owner over its Redis.
const Settle = time.Second

type mirrored[V any] struct {
	val   V
	epoch uint64
	// until is when the copy expires (unix nanoseconds): Expiry after it was
	// kept, less up to a fifth at random, so that copies read together are
	// not all fetched again at once (the LRU drops them at Expiry).
	until int64
}

// NewMirror returns an empty mirror of the rows of name, or nil when lc is
// not Enabled. Its hits and misses are logged with go-zero's cache
// statistics as mirror-<name>. It keeps nothing until Follow runs.
func NewMirror[V any](lc LocalConf, name string) *Mirror[V] {
	if !lc.Enabled {
		return nil
	}
	return &Mirror[V]{
		rows:    expirable.NewLRU[int64, mirrored[V]](max(lc.Limit, 1), nil, lc.Expiry),
		expiry:  lc.Expiry,
		stat:    cache.NewStat("mirror-" + name),
		name:    name,
		flights: syncx.NewSingleFlight(),
	}
}

func (m *Mirror[V]) stripe(id int64) int64 { return (id%stripes + stripes) % stripes }

func (m *Mirror[V]) version(id int64) uint64 {
	return m.gens[m.stripe(id)].Load() + m.epoch.Load()
}

// Get returns the copy of row id, or the row fetch returns, kept when it may
// be (see Mirror). A value is returned as it is held: V must be a value type
// that shares nothing a caller could change.
func (m *Mirror[V]) Get(id int64, fetch func() (V, error)) (V, error) {
	if m == nil {
		return fetch()
	}
	m.stat.IncrementTotal()
	epoch := m.epoch.Load()
	if e, ok := m.rows.Get(id); ok && e.epoch == epoch && time.Now().UnixNano() < e.until {
		m.stat.IncrementHit()
		return e.val, nil
	}
	m.stat.IncrementMiss()
	version, began := m.version(id), time.Now().UnixNano()
	got, err := m.flights.Do(strconv.FormatInt(id, 10)+"@"+strconv.FormatUint(version, 10), func() (any, error) {
		v, err := fetch()
		if err == nil {
			m.keep(id, v, version, epoch, began)
		}
		return v, err
	})
	v, _ := got.(V)
	return v, err
}

func (m *Mirror[V]) keep(id int64, v V, version, epoch uint64, began int64) {
	if !m.live.Load() || began-m.changed[m.stripe(id)].Load() < int64(Settle) {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.live.Load() || m.version(id) != version || m.epoch.Load() != epoch {
		return
	}
	jitter := rand.Int64N(int64(m.expiry)/5 + 1) //nolint:gosec // G404: spreads expiries, secures nothing
	m.rows.Add(id, mirrored[V]{val: v, epoch: epoch, until: time.Now().UnixNano() + int64(m.expiry) - jitter})
}

// Drop drops the copies of ids: a caller that changed rows drops its own
// copies at once rather than wait for the stream (and a read of them within
// Settle is not kept).
func (m *Mirror[V]) Drop(ids ...int64) {
	if m == nil || len(ids) == 0 {
		return
	}
	now := time.Now().UnixNano()
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, id := range ids {
		s := m.stripe(id)
		m.gens[s].Add(1)
		m.changed[s].Store(now)
		m.rows.Remove(id)
	}
}

// Live says whether copies are kept: a stream is open, and its owner is told
// every change.
func (m *Mirror[V]) Live() bool { return m != nil && m.live.Load() }

// setLive starts a new epoch (no copy kept before is served) in which copies
// are kept or not.
func (m *Mirror[V]) setLive(live bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.epoch.Add(1)
	m.live.Store(live)
}

// Changes is one stream of an owner's changes: Recv returns the next, the ids
// of the rows changed and whether the owner is told every change.
type Changes func() (ids []int64, live bool, err error)

// Change is a message of a stream of changes, as protoc-gen-go writes one
// with fields ids and live.
type Change interface {
	GetIds() []int64
	GetLive() bool
}

// ChangesOf reads Changes from a stream's Recv (a gRPC client stream's).
func ChangesOf[M Change](recv func() (M, error)) Changes {
	return func() ([]int64, bool, error) {
		m, err := recv()
		if err != nil {
			return nil, false, err
		}
		return m.GetIds(), m.GetLive(), nil
	}
}

// Follow applies the changes of the streams open starts, one after the other,
// until ctx ends: when one ends it drops every copy and opens another, after
// a pause that grows from 100 ms to 5 s while they fail.
func (m *Mirror[V]) Follow(ctx context.Context, open func(context.Context) (Changes, error)) {
	if m == nil {
		return
	}
	pause := 100 * time.Millisecond
	for ctx.Err() == nil {
		err := m.follow(ctx, open, &pause)
		if m.live.Load() && ctx.Err() == nil {
			logx.Errorf("cachex: mirror of %s: the stream of its changes ended (%v): no copies until it is back", m.name, err)
		}
		m.setLive(false)
		select {
		case <-ctx.Done():
		case <-time.After(pause):
		}
		pause = min(2*pause, 5*time.Second)
	}
}

// follow runs one stream until it fails.
func (m *Mirror[V]) follow(ctx context.Context, open func(context.Context) (Changes, error), pause *time.Duration) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	recv, err := open(ctx)
	if err != nil {
		return err
	}
	for {
		ids, live, err := recv()
		if err != nil {
			return err
		}
		*pause = 100 * time.Millisecond
		// live false: the owner may miss changes from now on, so every copy
		// goes (a new epoch each time); true after false: a new epoch too.
		if !live || !m.live.Load() {
			if live {
				logx.Infof("cachex: mirror of %s: following its changes", m.name)
			}
			m.setLive(live)
		}
		m.Drop(ids...)
	}
}
