package saga

import (
	"context"
	"sync"
	"time"

	"github.com/zeromicro/go-zero/core/logx"

	"github.com/zsuite/order-rpc/internal/metrics"
)

// Recovery finishes orders that a crash, a timeout or an outage left PENDING,
// ABANDONING or CANCELLING. It runs on every replica: each pass claims due orders with
// SKIP LOCKED and a lease, so replicas share the work instead of repeating it,
// and an order whose replica died is claimed again when its lease ends.
// It implements go-zero's service.Service.
type Recovery struct {
	saga *Saga
	stop chan struct{}
	done sync.WaitGroup
	once sync.Once
}

// NewRecovery returns the loop for s.
func NewRecovery(s *Saga) *Recovery {
	return &Recovery{saga: s, stop: make(chan struct{})}
}

// Start runs passes every RecoveryInterval until Stop.
func (r *Recovery) Start() {
	r.done.Add(1)
	defer r.done.Done()
	ticker := time.NewTicker(r.saga.conf.RecoveryInterval)
	defer ticker.Stop()
	var counted time.Time
	for {
		select {
		case <-r.stop:
			return
		case <-ticker.C:
			r.Pass(context.Background())
			if time.Since(counted) >= backlogEvery {
				r.countBacklog(context.Background())
				counted = time.Now()
			}
		}
	}
}

// backlogEvery is how often the loop counts the unfinished orders for the
// metrics: about once per Prometheus scrape.
const backlogEvery = 10 * time.Second

// countBacklog records how many orders are PENDING, ABANDONING and CANCELLING and how old
// the oldest of each is (zsuite_saga_orders, zsuite_saga_oldest_order_age_seconds).
func (r *Recovery) countBacklog(ctx context.Context) {
	rows, err := r.saga.orders.Backlog(ctx)
	if err != nil {
		logx.Errorf("recovery: counting the backlog: %v", err)
		return
	}
	for _, status := range []string{Pending, Abandoning, Cancelling} {
		b := rows[status]
		metrics.Backlog(status, b.Count, b.Oldest.Seconds())
	}
}

// Stop ends the loop after the pass under way.
func (r *Recovery) Stop() {
	r.once.Do(func() { close(r.stop) })
	r.done.Wait()
}

// Pass claims the orders due now and moves each one as far as it can go.
// It returns how many it claimed.
func (r *Recovery) Pass(ctx context.Context) int {
	s := r.saga
	due, err := s.orders.ClaimDue(ctx, s.conf.RecoveryBatch, s.conf.Lease)
	if err != nil {
		logx.Errorf("recovery: %v", err)
		return 0
	}
	for _, o := range due {
		var err error
		switch o.Status {
		case Pending, Abandoning:
			lines, lerr := s.orders.Lines(ctx, []int64{o.Id})
			if lerr != nil {
				err = lerr
				break
			}
			_, err = s.Settle(ctx, o, lines[o.Id])
		case Cancelling:
			_, err = s.finishCancel(ctx, o.Id)
		}
		metrics.RecoveryAttempt(o.Status, err != nil)
		if err != nil {
			// Settle reschedules by itself; for the rest the lease brings it back.
			logx.Infof("recovery: order %d (%s) not finished yet: %v", o.Id, o.Status, err)
		}
	}
	return len(due)
}
