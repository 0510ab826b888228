// Package saga drives an order through the saga against inventory-rpc: the
// pure decisions (decide.go), the steps that act on them (saga.go), and the
// loop that finishes what a crash or an outage left half done (recovery.go).
package saga

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"time"

	"github.com/zsuite/common/bounds"
	"github.com/zsuite/common/errx"
	"github.com/zsuite/order-rpc/rules"
)

// Order statuses. CANCELLING and ABANDONING are intents recorded by a
// conditional transition before any stock is released: a crash between the
// two loses neither, and no actor can release the stock of an order that is
// or may become CONFIRMED (only PENDING -> CONFIRMED confirms, and only
// CONFIRMED -> CANCELLING or PENDING -> ABANDONING leads to a release).
// docs/architecture.md draws the machine.
const (
	Pending    = "PENDING"
	Confirmed  = "CONFIRMED"
	Rejected   = "REJECTED"
	Cancelling = "CANCELLING"
	Cancelled  = "CANCELLED"
	// Abandoning: pending too long with its outcome unknown; the order will
	// be REJECTED once its stock is released. Clients see it as PENDING.
	Abandoning = "ABANDONING"
)

// Step is what to do with a PENDING order after a Reserve call.
type Step int

const (
	// Confirm: the stock is held; PENDING -> CONFIRMED.
	Confirm Step = iota
	// Reject: inventory refused for good; PENDING -> REJECTED.
	Reject
	// Retry: the outcome is unknown (timeout, outage); stay PENDING and call
	// Reserve again later. Reserve is idempotent by order id.
	Retry
	// Abandon: pending too long; PENDING -> ABANDONING, then Release (which
	// also fences off a Reserve still in flight), then ABANDONING -> REJECTED.
	Abandon
)

// AfterReserve decides a PENDING order's next step from Reserve's error, the
// order's age and how long an order may stay pending. For Reject and Abandon
// it also returns the code the order is rejected with.
func AfterReserve(err error, age, pendingTimeout time.Duration) (Step, errx.Code) {
	if err == nil {
		return Confirm, ""
	}
	if e, ok := errx.From(err); ok {
		switch e.Code {
		case errx.OutOfStock, errx.NotFound, errx.InvalidArgument:
			return Reject, e.Code
		case errx.Conflict:
			// Released before this Reserve: the order was abandoned already.
			return Reject, errx.Unavailable
		}
	}
	if age >= pendingTimeout {
		return Abandon, errx.Unavailable
	}
	return Retry, ""
}

// Shown is the status a client sees: an ABANDONING order is still unsettled
// to its client, who sees it PENDING until it is REJECTED.
func Shown(status string) string {
	if status == Abandoning {
		return Pending
	}
	return status
}

// CancelStep tells whether cancelling an order in status must release stock,
// or why it cannot be cancelled.
func CancelStep(status string) (release bool, err error) {
	switch status {
	case Confirmed, Cancelling:
		return true, nil
	case Cancelled:
		return false, nil
	case Rejected:
		return false, errx.New(errx.Conflict, "a rejected order cannot be cancelled")
	case Pending, Abandoning:
		return false, errx.New(errx.Conflict, "the order is still being placed; try again in a moment")
	default:
		return false, fmt.Errorf("unknown order status %q", status)
	}
}

// Backoff is how long the recovery loop waits before its attempt number
// attempts: 500ms doubling up to 30s.
func Backoff(attempts int64) time.Duration {
	const base, ceiling = 500 * time.Millisecond, 30 * time.Second
	if attempts < 1 {
		attempts = 1
	}
	if attempts > 7 {
		return ceiling
	}
	return min(base<<(attempts-1), ceiling)
}

// Item is one requested line.
type Item = rules.Item

// ValidateCreate checks an order request: the user's id, then the order's own
// rules (order-rpc/rules, which the BFF calls too).
func ValidateCreate(userID int64, key string, items []Item) error {
	if err := bounds.ID("user id", userID); err != nil {
		return err
	}
	return rules.Order(key, items)
}

// RequestHash identifies what was asked for, whatever the order of the items,
// so that a retry is told from a key reused for another order.
func RequestHash(items []Item) string {
	sorted := append([]Item(nil), items...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].ProductID < sorted[j].ProductID })
	h := sha256.New()
	for _, it := range sorted {
		fmt.Fprintf(h, "%d:%d;", it.ProductID, it.Quantity)
	}
	return hex.EncodeToString(h.Sum(nil))
}
