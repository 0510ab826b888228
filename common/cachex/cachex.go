// Package cachex is go-zero's cache for the goctl models, with reads that
// survive their Redis being down.
//
// go-zero's cache answers a read whose Redis GET fails with that error, on
// purpose: it will not let a cache outage pour every read onto the database.
// The suite's stores are sized for their reads without the cache (the read
// floor of docs/performance.md), and a product or user page that answers 503
// while Postgres is healthy is the worse failure; so a read whose Redis fails
// goes to the database, and the database's own breaker (rpcx.NewDB) is what
// sheds load if that becomes too much. Writes already survive: go-zero logs a
// failed delete and retries it, and a failed set is only logged.
package cachex

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/stores/cache"
	"github.com/zeromicro/go-zero/core/syncx"
)

var (
	barrier = syncx.NewSingleFlight()
	stats   = cache.NewStat("sqlc")
)

// New is go-zero's cache (as sqlc.NewConn makes it) whose Take reads the
// database when Redis fails; a goctl model takes it (sqlc.NewConnWithCache).
func New(c cache.CacheConf, opts ...cache.Option) cache.Cache {
	return tolerant{Cache: cache.New(c, barrier, stats, sql.ErrNoRows, opts...)}
}

type tolerant struct{ cache.Cache }

func (t tolerant) Take(val any, key string, query func(val any) error) error {
	return t.TakeCtx(context.Background(), val, key, query)
}

func (t tolerant) TakeCtx(ctx context.Context, val any, key string, query func(val any) error) error {
	queried := false
	err := t.Cache.TakeCtx(ctx, val, key, func(v any) error {
		queried = true
		return query(v)
	})
	if err == nil || queried || errors.Is(err, sql.ErrNoRows) || ctx.Err() != nil {
		return err
	}
	// Redis failed before the database was asked (or another caller's
	// shared attempt did): ask the database.
	return query(val)
}

func (t tolerant) TakeWithExpire(val any, key string, query func(val any, expire time.Duration) error) error {
	return t.TakeWithExpireCtx(context.Background(), val, key, query)
}

func (t tolerant) TakeWithExpireCtx(ctx context.Context, val any, key string,
	query func(val any, expire time.Duration) error) error {
	queried := false
	var lastExpire time.Duration
	err := t.Cache.TakeWithExpireCtx(ctx, val, key, func(v any, expire time.Duration) error {
		queried, lastExpire = true, expire
		return query(v, expire)
	})
	if err == nil || queried || errors.Is(err, sql.ErrNoRows) || ctx.Err() != nil {
		return err
	}
	return query(val, lastExpire)
}

// SetCtx stores val, or logs why it could not: a value that was not cached
// only costs the next read a database query.
func (t tolerant) SetCtx(ctx context.Context, key string, val any) error {
	if err := t.Cache.SetCtx(ctx, key, val); err != nil {
		logx.WithContext(ctx).Errorf("cache set %q: %v", key, err)
	}
	return nil
}

func (t tolerant) Set(key string, val any) error { return t.SetCtx(context.Background(), key, val) }

// SetWithExpireCtx is SetCtx with an expiry.
func (t tolerant) SetWithExpireCtx(ctx context.Context, key string, val any, expire time.Duration) error {
	if err := t.Cache.SetWithExpireCtx(ctx, key, val, expire); err != nil {
		logx.WithContext(ctx).Errorf("cache set %q: %v", key, err)
	}
	return nil
}

func (t tolerant) SetWithExpire(key string, val any, expire time.Duration) error {
	return t.SetWithExpireCtx(context.Background(), key, val, expire)
}
