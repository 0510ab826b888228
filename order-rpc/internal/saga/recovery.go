package saga

import (
	"context"
	"sync"
	"time"

	"github.com/zeromicro/go-zero/core/logx"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/zsuite/order-rpc/internal/metrics"
	"github.com/zsuite/order-rpc/internal/model"
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
		err := r.finish(ctx, o)
		metrics.RecoveryAttempt(o.Status, err != nil)
		if err != nil {
			// Settle reschedules by itself; for the rest the lease brings it back.
			logx.Infof("recovery: order %d (%s) not finished yet: %v", o.Id, o.Status, err)
		}
	}
	return len(due)
}

// finish settles one claimed order, in a trace of its own: a span per order
// the loop works on, named by the order, marked failed when it could not.
func (r *Recovery) finish(ctx context.Context, o *model.Orders) (err error) {
	s := r.saga
	ctx, span := otel.Tracer("order-rpc/saga").Start(ctx, "saga.recover",
		trace.WithAttributes(OrderID(o.Id), attribute.String("order.status", o.Status)))
	defer func() {
		if err != nil {
			span.RecordError(err)
			span.SetStatus(codes.Error, err.Error())
		}
		span.End()
	}()
	switch o.Status {
	case Pending, Abandoning:
		lines, err := s.orders.Lines(ctx, []int64{o.Id})
		if err != nil {
			return err
		}
		_, err = s.Settle(ctx, o, lines[o.Id])
		return err
	case Cancelling:
		_, err := s.finishCancel(ctx, o.Id)
		return err
	}
	return nil
}
