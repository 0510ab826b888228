package chaos

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

var top = Topology{
	Replicas: map[string][]string{
		"user-api": {"user-api", "user-api-2"}, "user-rpc": {"user-rpc"},
		"order-rpc": {"order-rpc", "order-rpc-2"}, "inventory-rpc": {"inventory-rpc", "inventory-rpc-2"},
	},
	Postgres:       []string{"user-rpc", "order-rpc", "inventory-rpc"},
	Redis:          []string{"user-api", "user-rpc", "order-rpc", "inventory-rpc"},
	Links:          []string{"user-rpc/postgres", "user-rpc/redis", "order-rpc/postgres", "inventory-rpc/postgres", "inventory-rpc/peer"},
	PendingTimeout: 4 * time.Second,
	CallTimeout:    time.Second,
}

func TestScheduleIsTheSeeds(t *testing.T) {
	a, b := Schedule(42, 10*time.Minute, top), Schedule(42, 10*time.Minute, top)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("one seed gave two schedules")
	}
	if reflect.DeepEqual(a, Schedule(43, 10*time.Minute, top)) {
		t.Fatal("two seeds gave one schedule")
	}
	// A longer run keeps the shorter one's faults (but those cut by its end).
	short := Schedule(42, 2*time.Minute, top)
	for i, f := range short[:len(short)-3] {
		if !reflect.DeepEqual(f, a[i]) {
			t.Fatalf("fault %d: %v in a 2-minute run, %v in a 10-minute one", i+1, f, a[i])
		}
	}
}

func TestScheduleKeepsItsRules(t *testing.T) {
	const d = 30 * time.Minute
	faults := Schedule(7, d, top)
	kinds := map[string]int{}
	for i, f := range faults {
		kinds[f.Kind]++
		if f.N != i+1 || f.At < 3*time.Second || f.At+f.Dur > d || f.Dur <= 0 {
			t.Errorf("%v at %v: outside the run", f, f.At)
		}
		under := 0
		for _, g := range faults[:i] {
			if g.At+g.Dur <= f.At {
				continue
			}
			under++
			for _, r := range f.resources(top) {
				if slices.Contains(g.resources(top), r) {
					t.Errorf("%v and %v both hold %s at %v", g, f, r, f.At)
				}
			}
		}
		if under >= maxConcurrent {
			t.Errorf("%v begins while %d faults are under way", f, under)
		}
	}
	for _, k := range Kinds {
		if kinds[k] == 0 {
			t.Errorf("30 minutes of seed 7 inject no %s", k)
		}
	}
	long := 0
	for _, f := range faults {
		if f.Target == "inventory-rpc" && f.Kind == KillAll && f.Dur > top.PendingTimeout {
			long++
		}
	}
	if long == 0 {
		t.Error("no outage of inventory-rpc outlasts the pending timeout")
	}
}

func TestOnly(t *testing.T) {
	faults := Schedule(1, 5*time.Minute, top)
	got, err := Only(faults, "2, 3")
	if err != nil || len(got) != 2 || got[0].N != 2 || got[1].N != 3 {
		t.Fatalf("Only 2,3: %v %v", got, err)
	}
	if _, err := Only(faults, "0"); err == nil {
		t.Fatal("fault 0 accepted")
	}
}

func op(client int, kind string, order int64, status int, seen string, at int) Op {
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	return Op{Client: client, Kind: kind, Order: order, Status: status, Seen: seen, Key: "k",
		Sent: base.Add(time.Duration(at) * time.Second), Done: base.Add(time.Duration(at)*time.Second + time.Millisecond)}
}

func whole() State {
	return State{
		Orders: map[int64]Order{
			1: {ID: 1, Status: "CONFIRMED", Lines: map[int64]int64{10: 2}},
			2: {ID: 2, Status: "CANCELLED", Lines: map[int64]int64{10: 1}},
		},
		Reservations: map[int64]Reservation{
			1: {Order: 1, Status: "RESERVED", Lines: map[int64]int64{10: 2}},
			2: {Order: 2, Status: "RELEASED", Lines: map[int64]int64{10: 1}},
		},
		Stock:   map[int64]int64{10: 13},
		Initial: map[int64]int64{10: 10},
	}
}

func history(ops ...Op) *History {
	h := &History{}
	for _, o := range ops {
		h.Add(o)
	}
	return h
}

func TestCheckHoldsABookThatAddsUp(t *testing.T) {
	restock := op(0, Restock, 0, 200, "", 0)
	restock.Product, restock.Delta = 10, 5
	lost := op(0, Restock, 0, 0, "", 1)
	lost.Product, lost.Delta = 10, 7
	h := history(op(1, Place, 1, 200, "CONFIRMED", 1), op(1, Place, 2, 200, "CONFIRMED", 2), op(1, Cancel, 2, 200, "CANCELLED", 3), restock, lost)
	if vs := Check(h, whole()); len(vs) != 0 {
		t.Fatalf("violations in a whole book: %v", vs)
	}
}

func TestCheckFindsEachBreak(t *testing.T) {
	for _, c := range []struct {
		name    string
		ops     []Op
		breakIt func(*State)
		want    string
	}{
		{"confirmed without its reservation (the abandon that released first)", nil,
			func(s *State) {
				s.Reservations[1] = Reservation{Order: 1, Status: "RELEASED", Lines: map[int64]int64{10: 2}}
				s.Stock[10] = 15
			},
			"order 1 is CONFIRMED without its reservation"},
		{"a reservation without its order", nil,
			func(s *State) {
				s.Reservations[9] = Reservation{Order: 9, Status: "RESERVED", Lines: map[int64]int64{10: 1}}
				s.Stock[10] = 12
			},
			"reservation map[10:1] for order 9, which order-rpc does not have"},
		{"a rejected order whose reservation is held (refused, then reserved by another actor after a restock)", nil,
			func(s *State) {
				s.Orders[3] = Order{ID: 3, Status: "REJECTED", Lines: map[int64]int64{10: 1}}
				s.Reservations[3] = Reservation{Order: 3, Status: "RESERVED", Lines: map[int64]int64{10: 1}}
				s.Stock[10] = 12
			},
			"order 3 is REJECTED, yet inventory holds its reservation"},
		{"stock that does not add up", nil, func(s *State) { s.Stock[10] = 14 }, "product 10: initial 10 + restocked 0 != available 14 + reserved 2"},
		{"pending at the end", nil, func(s *State) { o := s.Orders[2]; o.Status = "ABANDONING"; s.Orders[2] = o }, "order 2 is still ABANDONING"},
		{"an acknowledged order lost", []Op{op(1, Place, 3, 200, "CONFIRMED", 1)}, nil, "order 3 was answered CONFIRMED to its client, and is not in"},
		{"a cancel seen, then confirmed again", []Op{op(1, Cancel, 1, 200, "CANCELLED", 1)}, nil, "order 1: its client last saw it CANCELLED, it ends CONFIRMED"},
		{"an answer outside the document", []Op{{Kind: Get, Order: 1, Status: 500, Contract: "no 500"}}, nil, "outside docs/openapi.yaml"},
		{"no answer after the faults", []Op{{Kind: Place, Key: "k9", Status: 503, Final: true}}, nil, "no definite answer once the faults were over"},
	} {
		t.Run(c.name, func(t *testing.T) {
			st := whole()
			if c.breakIt != nil {
				c.breakIt(&st)
			}
			vs := Check(history(c.ops...), st)
			if len(vs) == 0 || !slices.ContainsFunc(vs, func(v Violation) bool { return strings.Contains(v.What, c.want) }) {
				t.Fatalf("want a violation %q, got %v", c.want, vs)
			}
		})
	}
}

func TestExplainShowsTheOrdersHistoryAndItsFaults(t *testing.T) {
	st := whole()
	st.Reservations[1] = Reservation{Order: 1, Status: "RELEASED", Lines: map[int64]int64{10: 2}}
	st.Stock[10] = 15
	place := op(1, Place, 1, 200, "CONFIRMED", 10)
	other := op(2, Place, 2, 200, "CONFIRMED", 10)
	h := history(place, other)
	h.Injected(Fault{N: 4, Kind: KillAll, Target: "inventory-rpc", Began: place.Sent.Add(-2 * time.Second), Ended: place.Sent})
	h.Injected(Fault{N: 5, Kind: Kill, Target: "user-api-2", Began: place.Sent.Add(time.Minute), Ended: place.Sent.Add(2 * time.Minute)})
	out := Explain(h, st, Check(h, st), 4*time.Second, func(id int64) []string { return []string{"order-rpc: released"} })
	for _, want := range []string{"order 1 is CONFIRMED without its reservation", "fault 4: kill-all inventory-rpc", "client 1", "log: order-rpc: released"} {
		if !strings.Contains(out, want) {
			t.Errorf("the history lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "fault 5") || strings.Contains(out, "client 2") {
		t.Errorf("the history shows what has nothing to do with order 1:\n%s", out)
	}
}
