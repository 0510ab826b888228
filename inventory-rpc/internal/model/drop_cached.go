package model

import (
	"context"
	"time"

	"github.com/zeromicro/go-zero/core/logx"
)

// SecondDeleteDelay is how long after a change's commit its cached rows are
// deleted a second time. A read that began before the commit may cache the
// old row just after the first delete; the second one drops it, provided that
// read stored it within this delay. A read that took longer, or a process
// that dies before the timer fires, leaves the stale copy until it expires.
const SecondDeleteDelay = time.Second

// cacheDeleter is what a goctl model's sqlc.CachedConn offers to drop keys.
type cacheDeleter interface {
	DelCacheCtx(ctx context.Context, keys ...string) error
}

// dropCached deletes keys after a committed change, now and again
// SecondDeleteDelay later. The second delete runs on a timer, with ctx's
// values but not its cancellation (a caller that hangs up must not keep the
// change cached); its error is only logged, since the change is committed.
func dropCached(ctx context.Context, c cacheDeleter, keys ...string) error {
	if len(keys) == 0 {
		return nil
	}
	ctx = context.WithoutCancel(ctx)
	time.AfterFunc(SecondDeleteDelay, func() {
		if err := c.DelCacheCtx(ctx, keys...); err != nil {
			logx.WithContext(ctx).Errorf("second delete of cached rows %v: %v", keys, err)
		}
	})
	return c.DelCacheCtx(ctx, keys...)
}
