package chaos

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// Kinds of operation a client sends.
const (
	// Place is POST /v1/orders with the order's Idempotency-Key.
	Place = "place"
	// Cancel is POST /v1/orders/{id}/cancel.
	Cancel = "cancel"
	// Get is GET /v1/orders/{id}.
	Get = "get"
	// Restock is the admin's POST /v1/admin/products/{id}/stock.
	Restock = "restock"
)

// Item is one line of an order.
type Item struct {
	ProductID int64 `json:"productId"`
	Quantity  int64 `json:"quantity"`
}

// Op is one request a client sent and what it was answered: every attempt
// is an Op of its own (a retry with the same key is another Op).
type Op struct {
	Client  int // 0 is the admin
	Kind    string
	Key     string // Place: the Idempotency-Key
	Order   int64  // the order it names or was answered with, 0 when none
	Items   []Item // Place
	Product int64  // Restock
	Delta   int64  // Restock
	// Replica is the user-api replica it was sent to; Attempt counts the
	// attempts of one operation from 1; Final marks those sent after the
	// faults and the recovery bound.
	Replica, Attempt int
	Final            bool
	Sent, Done       time.Time

	// Status is the HTTP status (0: no answer, Err says why), Code the
	// error's code, Seen the order's status in a 200, RetryAfter the header.
	Status     int
	Code       string
	Message    string
	Seen       string
	RetryAfter string
	Err        string
	// Contract is what the exchange broke of docs/openapi.yaml, if anything.
	Contract string
}

// Unknown reports whether the attempt's outcome is unknown to its client:
// no answer, or an answer that asks it to retry.
func (o Op) Unknown() bool {
	return o.Status == 0 || o.Status == 429 || (o.Status == 503 && !o.Dropped())
}

// Dropped reports whether the answer says the order was given up on (the
// client is to place it again with a new key).
func (o Op) Dropped() bool {
	return o.Kind == Place && o.Status == 503 && strings.Contains(o.Message, "new Idempotency-Key")
}

func (o Op) String() string {
	var b strings.Builder
	who := fmt.Sprintf("client %d", o.Client)
	if o.Client == 0 {
		who = "admin"
	}
	fmt.Fprintf(&b, "%s %s (user-api #%d) %s", o.Sent.Format("15:04:05.000"), who, o.Replica+1, o.Kind)
	switch o.Kind {
	case Place:
		fmt.Fprintf(&b, " key=%s items=%v", o.Key, o.Items)
	case Restock:
		fmt.Fprintf(&b, " product %d %+d", o.Product, o.Delta)
	default:
		fmt.Fprintf(&b, " order %d", o.Order)
	}
	if o.Attempt > 1 {
		fmt.Fprintf(&b, " attempt %d", o.Attempt)
	}
	if o.Final {
		b.WriteString(" (after the faults)")
	}
	fmt.Fprintf(&b, " -> %s: ", o.Done.Sub(o.Sent).Round(time.Millisecond))
	switch o.Status {
	case 0:
		fmt.Fprintf(&b, "no answer: %s", o.Err)
	case 200:
		fmt.Fprintf(&b, "200")
		if o.Order != 0 {
			fmt.Fprintf(&b, " order %d %s", o.Order, o.Seen)
		}
	default:
		fmt.Fprintf(&b, "%d %s %q", o.Status, o.Code, o.Message)
		if o.RetryAfter != "" {
			fmt.Fprintf(&b, " Retry-After=%s", o.RetryAfter)
		}
	}
	if o.Contract != "" {
		fmt.Fprintf(&b, " OUTSIDE THE API DOCUMENT: %s", o.Contract)
	}
	return b.String()
}

// History is everything the clients sent and were answered, and every fault
// injected, in one run.
type History struct {
	Seed     uint64
	Duration time.Duration
	Start    time.Time

	mu     sync.Mutex
	ops    []Op
	faults []Fault
}

// Add records one attempt.
func (h *History) Add(o Op) {
	h.mu.Lock()
	h.ops = append(h.ops, o)
	h.mu.Unlock()
}

// Injected records a fault once it is healed.
func (h *History) Injected(f Fault) {
	h.mu.Lock()
	h.faults = append(h.faults, f)
	h.mu.Unlock()
}

// Ops are the attempts recorded, in the order they were sent.
func (h *History) Ops() []Op {
	h.mu.Lock()
	defer h.mu.Unlock()
	ops := slices.Clone(h.ops)
	slices.SortStableFunc(ops, func(a, b Op) int { return a.Sent.Compare(b.Sent) })
	return ops
}

// Faults are the faults injected, in the order they began.
func (h *History) Faults() []Fault {
	h.mu.Lock()
	defer h.mu.Unlock()
	fs := slices.Clone(h.faults)
	slices.SortStableFunc(fs, func(a, b Fault) int { return a.Began.Compare(b.Began) })
	return fs
}

// Figures are a run's counts, for the log and docs/operations.md.
func (h *History) Figures() string {
	ops := h.Ops()
	var b strings.Builder
	byKind := map[string]map[string]int{}
	for _, o := range ops {
		if byKind[o.Kind] == nil {
			byKind[o.Kind] = map[string]int{}
		}
		outcome := fmt.Sprint(o.Status)
		switch {
		case o.Status == 0:
			outcome = "no answer"
		case o.Code != "":
			outcome += " " + o.Code
		}
		byKind[o.Kind][outcome]++
	}
	fmt.Fprintf(&b, "%d requests:", len(ops))
	for _, k := range []string{Place, Cancel, Get, Restock} {
		outcomes := byKind[k]
		n := 0
		var parts []string
		for _, oc := range sortedKeys(outcomes) {
			n += outcomes[oc]
			parts = append(parts, fmt.Sprintf("%d×%s", outcomes[oc], oc))
		}
		fmt.Fprintf(&b, "\n  %-8s %6d  %s", k, n, strings.Join(parts, ", "))
	}
	faults := h.Faults()
	counts := map[string]int{}
	for _, f := range faults {
		counts[f.Kind]++
	}
	fmt.Fprintf(&b, "\n%d faults:", len(faults))
	for _, k := range Kinds {
		fmt.Fprintf(&b, " %s %d,", k, counts[k])
	}
	return strings.TrimSuffix(b.String(), ",")
}
