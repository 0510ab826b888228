package saga

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/zeromicro/go-zero/core/logx"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/zsuite/common/errx"
	"github.com/zsuite/inventory-rpc/inventory"
	"github.com/zsuite/order-rpc/internal/metrics"
	"github.com/zsuite/order-rpc/internal/model"
)

// Config tunes the saga.
type Config struct {
	// CallTimeout bounds each call to inventory-rpc.
	CallTimeout time.Duration `json:",default=2s"`
	// PendingTimeout is how long an order may stay PENDING before the
	// recovery loop gives up on it, releases and rejects it.
	PendingTimeout time.Duration `json:",default=1m"`
	// Grace is how long the recovery loop leaves a new order to the request
	// that is placing it.
	Grace time.Duration `json:",default=5s"`
	// RecoveryInterval is how often the recovery loop looks for due orders.
	RecoveryInterval time.Duration `json:",default=1s"`
	// RecoveryBatch is how many orders one pass claims.
	RecoveryBatch int `json:",default=50"`
	// Lease is how long a claimed order is left to the replica that claimed it.
	Lease time.Duration `json:",default=15s"`
}

// Validate refuses settings that would break the saga: calls or a recovery
// loop without time, an order given up on while its own request may still be
// waiting for inventory-rpc (PendingTimeout must outlast CallTimeout and
// Grace, or orders inventory-rpc was merely slow to answer are rejected), or a
// lease shorter than the call it covers.
func (c Config) Validate() error {
	var errs []error
	positive := func(name, env string, d time.Duration) {
		if d <= 0 {
			errs = append(errs, fmt.Errorf("saga.%s (%s) is %v: more than 0", name, env, d))
		}
	}
	positive("CallTimeout", "SAGA_CALL_TIMEOUT", c.CallTimeout)
	positive("RecoveryInterval", "SAGA_RECOVERY_INTERVAL", c.RecoveryInterval)
	positive("Lease", "Saga.Lease", c.Lease)
	if c.Grace < 0 {
		errs = append(errs, fmt.Errorf("saga.Grace (SAGA_GRACE) is %v: 0 or more", c.Grace))
	}
	if c.PendingTimeout <= c.CallTimeout+c.Grace {
		errs = append(errs, fmt.Errorf("saga.PendingTimeout (SAGA_PENDING_TIMEOUT) is %v: more than CallTimeout + Grace (%v), or orders whose reservation is still on its way are given up", c.PendingTimeout, c.CallTimeout+c.Grace))
	}
	if c.Lease > 0 && c.Lease <= c.CallTimeout {
		errs = append(errs, fmt.Errorf("saga.Lease is %v: more than CallTimeout (%v), so that a claimed order is not settled by two replicas at once", c.Lease, c.CallTimeout))
	}
	if c.RecoveryBatch < 1 {
		errs = append(errs, fmt.Errorf("saga.RecoveryBatch is %d: at least 1", c.RecoveryBatch))
	}
	return errors.Join(errs...)
}

// OrderID is the span attribute that names the order a span worked on.
func OrderID(id int64) attribute.KeyValue { return attribute.Int64("order.id", id) }

// Saga carries orders from PENDING to a settled status, and CONFIRMED
// orders through cancellation. Every step is safe to repeat and to run on
// several replicas at once: Reserve and Release are idempotent by order id,
// and every status change is conditional on the status it starts from.
type Saga struct {
	conf      Config
	orders    model.OrdersModel
	inventory inventory.Inventory
}

// New returns a Saga over the order store and inventory-rpc.
func New(conf Config, orders model.OrdersModel, inv inventory.Inventory) *Saga {
	return &Saga{conf: conf, orders: orders, inventory: inv}
}

// Settle reserves a PENDING order's stock and records the outcome. It returns
// the order as it then stands. When the outcome is unknown (inventory-rpc
// slow or down) the order stays PENDING, is scheduled for the recovery loop,
// and Settle returns UNAVAILABLE. An order being abandoned (ABANDONING) is
// carried on to REJECTED.
func (s *Saga) Settle(ctx context.Context, o *model.Orders, lines []*model.OrderLines) (*model.Orders, error) {
	// The order's trace (the request's, or the recovery pass's) names it.
	trace.SpanFromContext(ctx).SetAttributes(OrderID(o.Id))
	switch o.Status {
	case Abandoning:
		return s.finishAbandon(ctx, o.Id)
	case Pending:
	default:
		return o, nil
	}
	req := &inventory.ReserveReq{OrderId: o.Id, Lines: make([]*inventory.ReserveLine, 0, len(lines))}
	for _, l := range lines {
		req.Lines = append(req.Lines, &inventory.ReserveLine{ProductId: l.ProductId, Quantity: l.Quantity})
	}
	callCtx, cancel := context.WithTimeout(ctx, s.conf.CallTimeout)
	_, err := s.inventory.Reserve(callCtx, req)
	cancel()

	step, code := AfterReserve(err, time.Since(o.CreatedAt), s.conf.PendingTimeout)
	switch step {
	case Confirm:
		return s.move(ctx, o, Confirmed, "")
	case Reject:
		return s.move(ctx, o, Rejected, code)
	case Abandon:
		// The fate is recorded before any stock goes back: once the order is
		// ABANDONING nothing can confirm it, and an order another actor
		// confirmed first is never abandoned.
		return s.move(ctx, o, Abandoning, code)
	default: // Retry
		logx.WithContext(ctx).Infof("order %d: reserve outcome unknown, will retry: %v", o.Id, err)
		return o, errors.Join(unavailable(), s.orders.Reschedule(ctx, o.Id, time.Now().Add(Backoff(o.Attempts+1))))
	}
}

// move moves a PENDING order on. When another replica or a retry moved it
// first, the order is read back as that one left it. An order that is (or
// turns out to be) ABANDONING is carried on to REJECTED.
func (s *Saga) move(ctx context.Context, o *model.Orders, to string, code errx.Code) (*model.Orders, error) {
	moved, err := s.orders.Transition(ctx, o.Id, Pending, to, string(code))
	if err != nil {
		return o, err
	}
	if !moved {
		if o, err = s.reload(ctx, o.Id); err != nil {
			return nil, err
		}
		if o.Status == Abandoning {
			return s.finishAbandon(ctx, o.Id)
		}
		return o, nil
	}
	if to == Abandoning {
		return s.finishAbandon(ctx, o.Id)
	}
	metrics.Settled(to, string(code))
	settled := *o
	settled.Status, settled.RejectCode = to, string(code)
	return &settled, nil
}

// finishAbandon releases an ABANDONING order's stock (which also fences off a
// Reserve still in flight) and marks it REJECTED, keeping the code the
// abandon recorded.
func (s *Saga) finishAbandon(ctx context.Context, id int64) (*model.Orders, error) {
	if err := s.release(ctx, id); err != nil {
		return nil, err
	}
	return s.finish(ctx, id, Abandoning, Rejected)
}

// Cancel cancels a CONFIRMED order: it records the intent (CANCELLING),
// releases the stock, then marks the order CANCELLED. Cancelling a CANCELLED
// order returns it unchanged. When inventory-rpc cannot be reached the order
// stays CANCELLING for the recovery loop, and Cancel returns UNAVAILABLE.
func (s *Saga) Cancel(ctx context.Context, o *model.Orders) (*model.Orders, error) {
	for range 3 { // a concurrent step may move the order under us
		release, err := CancelStep(o.Status)
		if err != nil || !release {
			return o, err
		}
		if o.Status == Confirmed {
			moved, err := s.orders.Transition(ctx, o.Id, Confirmed, Cancelling, "")
			if err != nil {
				return o, err
			}
			if !moved {
				if o, err = s.reload(ctx, o.Id); err != nil {
					return nil, err
				}
				continue
			}
		}
		return s.finishCancel(ctx, o.Id)
	}
	return o, errx.New(errx.Conflict, "the order changed while it was being cancelled; try again")
}

// finishCancel releases a CANCELLING order's stock and marks it CANCELLED.
func (s *Saga) finishCancel(ctx context.Context, id int64) (*model.Orders, error) {
	if err := s.release(ctx, id); err != nil {
		return nil, err
	}
	return s.finish(ctx, id, Cancelling, Cancelled)
}

// finish moves an order whose stock was released from its intent (from) to
// its final status, keeping the code the intent recorded, and reads it back.
func (s *Saga) finish(ctx context.Context, id int64, from, to string) (*model.Orders, error) {
	moved, err := s.orders.Transition(ctx, id, from, to, "")
	if err != nil {
		return nil, err
	}
	o, err := s.reload(ctx, id)
	if err == nil && moved {
		metrics.Settled(to, o.RejectCode)
	}
	return o, err
}

func (s *Saga) release(ctx context.Context, orderID int64) error {
	callCtx, cancel := context.WithTimeout(ctx, s.conf.CallTimeout)
	defer cancel()
	if _, err := s.inventory.Release(callCtx, &inventory.ReleaseReq{OrderId: orderID}); err != nil {
		logx.WithContext(ctx).Infof("order %d: release failed, will retry: %v", orderID, err)
		return unavailable()
	}
	return nil
}

func (s *Saga) reload(ctx context.Context, id int64) (*model.Orders, error) {
	o, err := s.orders.FindOne(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("reload order %d: %w", id, err)
	}
	return o, nil
}

func unavailable() error {
	return errx.New(errx.Unavailable, "the order could not be settled in time; it will be, retry with the same Idempotency-Key to see it")
}
