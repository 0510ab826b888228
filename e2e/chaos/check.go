package chaos

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// Order is one order as order-rpc's database holds it at the end.
type Order struct {
	ID     int64
	Key    string
	Status string
	Lines  map[int64]int64 // product -> quantity
}

// Reservation is one reservation as inventory-rpc's database holds it.
type Reservation struct {
	Order  int64
	Status string // RESERVED or RELEASED
	Lines  map[int64]int64
}

// State is what the stores hold once the run is over and settled.
type State struct {
	Orders       map[int64]Order
	Reservations map[int64]Reservation
	// Stock is each product's available stock; Initial what it was created
	// with.
	Stock, Initial map[int64]int64
}

// Violation is one invariant broken, with the orders and products it is
// about (for the history that shows it).
type Violation struct {
	What     string
	Orders   []int64
	Products []int64
}

func (v Violation) String() string { return v.What }

// later are the statuses an order may move to from each status a client
// can see, itself included (docs/architecture.md, the order's states).
var later = map[string][]string{
	"PENDING":    {"PENDING", "CONFIRMED", "REJECTED", "CANCELLING", "CANCELLED"},
	"CONFIRMED":  {"CONFIRMED", "CANCELLING", "CANCELLED"},
	"CANCELLING": {"CANCELLING", "CANCELLED"},
	"CANCELLED":  {"CANCELLED"},
	"REJECTED":   {"REJECTED"},
}

// Check proves the invariants over a run's history and the stores' final
// state, and returns every violation:
//   - every order a client was answered with (200) exists, with the status
//     its client last saw or a later legal one;
//   - no order is unsettled (PENDING, ABANDONING, CANCELLING);
//   - a CONFIRMED order holds its reservation, line for line, and every
//     reservation held is a CONFIRMED order's;
//   - for every product, initial + restocked = available + reserved, where
//     restocked is every restock answered 200 and any of those whose answer
//     was lost (they may or may not have happened);
//   - every answer was one docs/openapi.yaml declares for its operation;
//   - every operation got a definite answer once the faults were over.
func Check(h *History, st State) []Violation {
	var out []Violation
	ops := h.Ops()

	lastSeen := map[int64]Op{}
	for _, o := range ops {
		if o.Status == 200 && o.Order != 0 && o.Seen != "" {
			if prev, ok := lastSeen[o.Order]; !ok || !o.Done.Before(prev.Done) {
				lastSeen[o.Order] = o
			}
		}
		if o.Contract != "" {
			out = append(out, Violation{What: "an answer outside docs/openapi.yaml: " + o.String(), Orders: nonZero(o.Order)})
		}
	}
	for _, id := range slices.Sorted(maps.Keys(lastSeen)) {
		seen := lastSeen[id]
		o, ok := st.Orders[id]
		switch {
		case !ok:
			out = append(out, Violation{What: fmt.Sprintf("order %d was answered %s to its client, and is not in order-rpc's database", id, seen.Seen), Orders: []int64{id}})
		case !slices.Contains(later[seen.Seen], o.Status):
			out = append(out, Violation{What: fmt.Sprintf("order %d: its client last saw it %s, it ends %s", id, seen.Seen, o.Status), Orders: []int64{id}})
		}
	}

	for _, id := range slices.Sorted(maps.Keys(st.Orders)) {
		o := st.Orders[id]
		r, held := st.Reservations[id]
		held = held && r.Status == "RESERVED"
		switch {
		case o.Status == "PENDING" || o.Status == "ABANDONING" || o.Status == "CANCELLING":
			out = append(out, Violation{What: fmt.Sprintf("order %d is still %s after the faults, the recovery bound and the settling wait", id, o.Status), Orders: []int64{id}})
		case o.Status == "CONFIRMED" && !held:
			out = append(out, Violation{What: fmt.Sprintf("order %d is CONFIRMED without its reservation (inventory: %s): its units are back on sale", id, describe(st.Reservations, id)), Orders: []int64{id}, Products: slices.Sorted(maps.Keys(o.Lines))})
		case o.Status == "CONFIRMED" && !maps.Equal(o.Lines, r.Lines):
			out = append(out, Violation{What: fmt.Sprintf("order %d is CONFIRMED with lines %v, its reservation holds %v", id, o.Lines, r.Lines), Orders: []int64{id}})
		case o.Status != "CONFIRMED" && held:
			out = append(out, Violation{What: fmt.Sprintf("order %d is %s, yet inventory holds its reservation %v", id, o.Status, r.Lines), Orders: []int64{id}, Products: slices.Sorted(maps.Keys(r.Lines))})
		}
	}
	for _, id := range slices.Sorted(maps.Keys(st.Reservations)) {
		if _, ok := st.Orders[id]; !ok && st.Reservations[id].Status == "RESERVED" {
			out = append(out, Violation{What: fmt.Sprintf("inventory holds a reservation %v for order %d, which order-rpc does not have", st.Reservations[id].Lines, id), Orders: []int64{id}})
		}
	}

	acked, unknown := map[int64]int64{}, map[int64][]int64{}
	for _, o := range ops {
		if o.Kind != Restock {
			continue
		}
		switch {
		case o.Status == 200:
			acked[o.Product] += o.Delta
		case o.Unknown():
			unknown[o.Product] = append(unknown[o.Product], o.Delta)
		}
	}
	reserved := map[int64]int64{}
	for _, r := range st.Reservations {
		if r.Status == "RESERVED" {
			for p, q := range r.Lines {
				reserved[p] += q
			}
		}
	}
	for _, p := range slices.Sorted(maps.Keys(st.Initial)) {
		have := st.Stock[p] + reserved[p]
		want := st.Initial[p] + acked[p]
		if st.Stock[p] < 0 || !subsetSum(unknown[p], have-want) {
			what := fmt.Sprintf("product %d: initial %d + restocked %d != available %d + reserved %d", p, st.Initial[p], acked[p], st.Stock[p], reserved[p])
			if len(unknown[p]) > 0 {
				what += fmt.Sprintf(" (plus any of the restocks whose answer was lost: %v)", unknown[p])
			}
			out = append(out, Violation{What: what, Products: []int64{p}})
		}
	}

	// An operation whose last attempt was not answered for good: the
	// suite never recovered for it.
	last := map[string]Op{}
	for _, o := range ops {
		if o.Kind == Place || o.Kind == Cancel {
			last[opKey(o)] = o
		}
	}
	for _, k := range slices.Sorted(maps.Keys(last)) {
		if o := last[k]; o.Unknown() && o.Final {
			out = append(out, Violation{What: "no definite answer once the faults were over: " + o.String(), Orders: nonZero(o.Order)})
		}
	}
	return out
}

// opKey names one operation across its attempts.
func opKey(o Op) string {
	if o.Kind == Place {
		return fmt.Sprintf("%d place %s", o.Client, o.Key)
	}
	return fmt.Sprintf("%d %s %d", o.Client, o.Kind, o.Order)
}

// subsetSum reports whether some of the deltas add up to want.
func subsetSum(deltas []int64, want int64) bool {
	sums := map[int64]bool{0: true}
	for _, d := range deltas {
		for s := range maps.Clone(sums) {
			sums[s+d] = true
		}
	}
	return sums[want]
}

func describe(rs map[int64]Reservation, id int64) string {
	r, ok := rs[id]
	if !ok {
		return "none"
	}
	return fmt.Sprintf("%s %v", r.Status, r.Lines)
}

func nonZero(id int64) []int64 {
	if id == 0 {
		return nil
	}
	return []int64{id}
}

// trail is every attempt that named order id or its key (its client's).
func trail(ops []Op, st State, id int64) []Op {
	client, key := -1, st.Orders[id].Key
	for _, o := range ops {
		if o.Kind == Place && o.Order == id {
			client, key = o.Client, o.Key
			break
		}
	}
	var mine []Op
	for _, o := range ops {
		if o.Order == id || (o.Kind == Place && key != "" && o.Key == key && (client < 0 || o.Client == client)) {
			mine = append(mine, o)
		}
	}
	return mine
}

// window is when faults could have acted on an order with the attempts
// mine: from its first placing or cancelling attempt, less the pending
// timeout (the recovery loop may have held it that long), to a second after
// the last one (reads come later and change nothing).
func window(mine []Op, pendingTimeout time.Duration) (from, to time.Time) {
	acting := slices.DeleteFunc(slices.Clone(mine), func(o Op) bool { return o.Kind == Get })
	if len(acting) == 0 {
		acting = mine
	}
	return acting[0].Sent.Add(-pendingTimeout), acting[len(acting)-1].Done.Add(time.Second)
}

func during(f Fault, from, to time.Time) bool {
	return f.Began.Before(to) && (f.Ended.IsZero() || f.Ended.After(from))
}

// suspects are, for a violation about a product's books that no violation
// about an order of that product explains, the orders of the product whose
// outcome a client was left not knowing (the five first).
func suspects(ops []Op, st State, vs []Violation, v Violation) []int64 {
	explained := map[int64]bool{}
	for _, w := range vs {
		for _, id := range w.Orders {
			for p := range st.Orders[id].Lines {
				explained[p] = true
			}
			for p := range st.Reservations[id].Lines {
				explained[p] = true
			}
		}
	}
	var out []int64
	for _, p := range v.Products {
		if explained[p] {
			continue
		}
		for _, o := range ops {
			if _, ok := st.Orders[o.Order].Lines[p]; ok && o.Unknown() && !slices.Contains(out, o.Order) && len(out) < 5 {
				out = append(out, o.Order)
			}
		}
	}
	return out
}

// FaultsNear are the numbers of the faults under way around the orders of
// the violations (window): FAULTS= of a replay with those only.
func FaultsNear(h *History, st State, vs []Violation, pendingTimeout time.Duration) []int {
	ops, faults := h.Ops(), h.Faults()
	near := map[int]bool{}
	for _, v := range vs {
		for _, id := range append(slices.Clone(v.Orders), suspects(ops, st, vs, v)...) {
			mine := trail(ops, st, id)
			if len(mine) == 0 {
				continue
			}
			from, to := window(mine, pendingTimeout)
			for _, f := range faults {
				if during(f, from, to) {
					near[f.N] = true
				}
			}
		}
	}
	return slices.Sorted(maps.Keys(near))
}

// Explain is the shortest history this run can give of the violations: for
// each order they name, every attempt that named the order or its key, the
// faults under way in its window, and, when logs is not nil, what the
// services logged about it; for a product whose books no order's violation
// explains, the same of the orders of that product a client was left not
// knowing the outcome of.
func Explain(h *History, st State, vs []Violation, pendingTimeout time.Duration, logs func(order int64) []string) string {
	ops, faults := h.Ops(), h.Faults()
	var b strings.Builder
	explained := map[int64]bool{}
	explain := func(id int64) {
		if explained[id] {
			return
		}
		explained[id] = true
		fmt.Fprintf(&b, "\n  order %d (key %s), ends %s, inventory: %s\n", id, st.Orders[id].Key, st.Orders[id].Status, describe(st.Reservations, id))
		mine := trail(ops, st, id)
		if len(mine) == 0 {
			b.WriteString("    no client attempt named it\n")
			return
		}
		from, to := window(mine, pendingTimeout)
		for _, f := range faults {
			if during(f, from, to) {
				fmt.Fprintf(&b, "    %s %s, healed %s%s\n", f.Began.Format("15:04:05.000"), f, f.Ended.Format("15:04:05.000"), note(f))
			}
		}
		for _, o := range mine {
			fmt.Fprintf(&b, "    %s\n", o)
		}
		if logs != nil {
			for _, l := range logs(id) {
				fmt.Fprintf(&b, "    log: %s\n", l)
			}
		}
	}
	for i, v := range vs {
		fmt.Fprintf(&b, "\nviolation %d: %s", i+1, v.What)
		for _, id := range v.Orders {
			explain(id)
		}
		if s := suspects(ops, st, vs, v); len(s) > 0 {
			fmt.Fprintf(&b, "\n  orders of the product a client was left not knowing the outcome of: %v\n", s)
			for _, id := range s {
				explain(id)
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

func note(f Fault) string {
	if f.Note == "" {
		return ""
	}
	return " (" + f.Note + ")"
}
