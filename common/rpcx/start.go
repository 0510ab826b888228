package rpcx

import (
	"context"
	"time"

	"github.com/zeromicro/go-zero/core/logx"
)

// What a service waits for at start before it gives up and exits: a store or
// etcd it cannot reach yet. On Kubernetes a store's headless Service has no
// DNS record until its pod is ready, and etcd none until etcd's is; exiting
// at once made every service restart one to three times on a fresh apply,
// and the kubelet's restart back-off then decided when the suite was Ready.
// The bound stays under the Deployments' startup probe (180 s: a store on a
// busy node can take a minute and more to initialise), so a service
// that cannot start says why and exits before the kubelet kills it.
const (
	// StartPatience bounds the attempts of one step of the start.
	StartPatience  = 150 * time.Second
	startFirstWait = 250 * time.Millisecond
	startMaxWait   = 5 * time.Second
)

// retryAtStart runs try until it succeeds, for at most patience, waiting
// between attempts with a back-off (250 ms, growing by half up to 5 s), and
// logs every failed attempt with what it was doing (what). It returns the
// last error when patience runs out.
func retryAtStart(ctx context.Context, what string, patience time.Duration, try func(context.Context) error) error {
	deadline := time.Now().Add(patience)
	wait := startFirstWait
	for attempt := 1; ; attempt++ {
		err := try(ctx)
		if err == nil {
			if attempt > 1 {
				logx.Infof("start: %s succeeded at attempt %d", what, attempt)
			}
			return nil
		}
		left := time.Until(deadline)
		if left <= 0 || ctx.Err() != nil {
			logx.Errorf("start: %s: attempt %d failed, giving up after %s: %v", what, attempt, patience, err)
			return err
		}
		wait = min(wait, left)
		logx.Errorf("start: %s: attempt %d failed, next in %s: %v", what, attempt, wait.Round(time.Millisecond), err)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		wait = min(wait*3/2, startMaxWait)
	}
}
