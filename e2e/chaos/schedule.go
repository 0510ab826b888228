// Package chaos is the pure half of `make chaos` (e2e's TestChaos): the
// schedule of faults a seed stands for, the history of what the clients were
// answered and what was injected, and the checker that proves the suite's
// invariants over that history and the stores' final state. It starts
// nothing: TestChaos runs the stack, the faults and the clients.
//
// The seed fixes the schedule (which fault, on what, when, for how long) and
// each client's sequence of operations; it does not fix timing, so a replay
// drives the same faults and the same requests through interleavings of its
// own.
package chaos

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Kinds of fault.
const (
	// Kill is kill -9 of one replica of a service, started again after Dur.
	Kill = "kill"
	// KillAll is kill -9 of every replica of a service: the service is
	// down for Dur (for inventory-rpc, often longer than order-rpc's
	// pending timeout, so that orders are abandoned while retries and the
	// recovery loop race).
	KillAll = "kill-all"
	// PostgresRestart stops a service's Postgres (pg_ctl -m fast) and starts
	// it after Dur.
	PostgresRestart = "postgres-restart"
	// RedisRestart kills a service's Redis and starts it, empty, after Dur.
	RedisRestart = "redis-restart"
	// EtcdRestart stops etcd and starts it after Dur.
	EtcdRestart = "etcd-restart"
	// Latency delays every answer on a link by Param for Dur.
	Latency = "latency"
	// Timeout holds a link's data and closes its connections Param after
	// they open, for Dur.
	Timeout = "timeout"
	// Partition lets nothing through a link for Dur.
	Partition = "partition"
)

// Kinds are the kinds of fault, in the order figures list them.
var Kinds = []string{Kill, KillAll, PostgresRestart, RedisRestart, EtcdRestart, Latency, Timeout, Partition}

// Topology is what faults can hit.
type Topology struct {
	// Replicas are each service's processes by name (stack.ReplicaName).
	Replicas map[string][]string
	// Postgres and Redis are the services whose own store can restart.
	Postgres, Redis []string
	// Links are the toxiproxy links, "<service>/postgres", "<service>/redis"
	// (a service's calls to its stores) and "<service>/peer" (the calls of
	// every caller of the service to its replicas).
	Links []string
	// PendingTimeout is order-rpc's SAGA_PENDING_TIMEOUT: outages of
	// inventory-rpc are drawn around it. CallTimeout is its
	// SAGA_CALL_TIMEOUT: latency in front of inventory-rpc is often drawn
	// around it.
	PendingTimeout, CallTimeout time.Duration
}

// Fault is one fault of a schedule, and what became of it.
type Fault struct {
	// N numbers the faults of a schedule from 1 (FAULTS=3,7 replays those).
	N int
	// At is when it begins, from the start of the run; Dur how long it lasts.
	At, Dur time.Duration
	Kind    string
	// Target is a process ("order-rpc-2"), a service (KillAll, the stores'
	// restarts: "inventory-rpc"), a link ("order-rpc/postgres") or "etcd".
	Target string
	// Param is the latency or the timeout of a link's fault; Jitter varies
	// a latency by up to that much either way, each answer its own.
	Param, Jitter time.Duration

	// Began and Ended are when it was injected and healed (zero: not yet).
	Began, Ended time.Time
	// Note says what went wrong healing it (a replica that did not come
	// back ready in time), if anything.
	Note string
}

func (f Fault) String() string {
	s := fmt.Sprintf("fault %d: %s %s for %v", f.N, f.Kind, f.Target, f.Dur.Round(10*time.Millisecond))
	switch {
	case f.Jitter > 0:
		s += fmt.Sprintf(" (%v ± %v)", f.Param, f.Jitter)
	case f.Param > 0:
		s += fmt.Sprintf(" (%v)", f.Param)
	}
	return s
}

// resources are what a fault holds while it lasts: two faults that share
// one never overlap in a schedule.
func (f Fault) resources(top Topology) []string {
	switch f.Kind {
	case Kill:
		return []string{"proc:" + f.Target}
	case KillAll:
		var out []string
		for _, p := range top.Replicas[f.Target] {
			out = append(out, "proc:"+p)
		}
		return out
	case PostgresRestart:
		return []string{"link:" + f.Target + "/postgres"}
	case RedisRestart:
		return []string{"link:" + f.Target + "/redis"}
	case EtcdRestart:
		return []string{"etcd"}
	default:
		return []string{"link:" + f.Target}
	}
}

// maxConcurrent is how many faults a schedule lets overlap.
const maxConcurrent = 2

// Schedule is the faults seed stands for over a run of duration: from 3 s
// in (the clients are busy) to the end, a fault every 0.5 to 4 s unless
// maxConcurrent are under way, none holding a resource another holds, each
// healed by the end. The same seed, duration and topology give the same
// schedule; a longer duration extends it.
func Schedule(seed uint64, duration time.Duration, top Topology) []Fault {
	rng := rand.New(rand.NewPCG(seed, 0x636861_6f73)) // "chaos"
	procs := processes(top)
	busy := map[string]time.Duration{} // resource -> end of the fault holding it
	var ends []time.Duration
	var out []Fault
	at := 3 * time.Second
	for {
		at += between(rng, 500*time.Millisecond, 4*time.Second)
		if at >= duration-time.Second {
			return out
		}
		f := draw(rng, top, procs)
		if f.Kind == "" {
			continue
		}
		f.At, f.Dur = at, min(f.Dur, duration-at)
		ends = slices.DeleteFunc(ends, func(e time.Duration) bool { return e <= at })
		if len(ends) >= maxConcurrent || slices.ContainsFunc(f.resources(top), func(r string) bool { return busy[r] > at }) {
			continue // the draw is made all the same, so the rest of the schedule does not depend on it
		}
		for _, r := range f.resources(top) {
			// A restarted process or store is left a moment to settle.
			busy[r] = at + f.Dur + 2*time.Second
		}
		ends = append(ends, at+f.Dur)
		f.N = len(out) + 1
		out = append(out, f)
	}
}

// Only keeps the faults numbered in list ("3,7,12"), for a replay of a
// failure with fewer faults; an empty list keeps all.
func Only(faults []Fault, list string) ([]Fault, error) {
	if strings.TrimSpace(list) == "" {
		return faults, nil
	}
	keep := map[int]bool{}
	for _, f := range strings.Split(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > len(faults) {
			return nil, fmt.Errorf("FAULTS: %q is not the number of a fault of this schedule (1 to %d)", f, len(faults))
		}
		keep[n] = true
	}
	return slices.DeleteFunc(slices.Clone(faults), func(f Fault) bool { return !keep[f.N] }), nil
}

func processes(top Topology) []string {
	var out []string
	for _, svc := range sortedKeys(top.Replicas) {
		out = append(out, top.Replicas[svc]...)
	}
	return out
}

// draw is one fault drawn from rng: its kind, target, duration and
// parameter (At is set by Schedule).
func draw(rng *rand.Rand, top Topology, procs []string) Fault {
	pick := func(list []string) string { return list[rng.IntN(len(list))] }
	outage := func() time.Duration {
		// An outage of inventory-rpc that outlasts order-rpc's pending timeout
		// about half the time: orders are abandoned while clients retry them
		// and the recovery loop on every replica settles them.
		return between(rng, top.PendingTimeout/2, top.PendingTimeout*5/2)
	}
	w := rng.IntN(100)
	switch {
	case w < 25:
		return Fault{Kind: Kill, Target: pick(procs), Dur: between(rng, 200*time.Millisecond, 4*time.Second)}
	case w < 33:
		svc := pick([]string{"inventory-rpc", "inventory-rpc", "order-rpc", "user-rpc"})
		d := between(rng, time.Second, 5*time.Second)
		if svc == "inventory-rpc" {
			d = outage()
		}
		if _, ok := top.Replicas[svc]; !ok {
			return Fault{}
		}
		return Fault{Kind: KillAll, Target: svc, Dur: d}
	case w < 43:
		return Fault{Kind: PostgresRestart, Target: pick(top.Postgres), Dur: between(rng, 500*time.Millisecond, 5*time.Second)}
	case w < 53:
		return Fault{Kind: RedisRestart, Target: pick(top.Redis), Dur: between(rng, 500*time.Millisecond, 5*time.Second)}
	case w < 58:
		return Fault{Kind: EtcdRestart, Target: "etcd", Dur: between(rng, time.Second, 12*time.Second)}
	case w < 68:
		return Fault{Kind: Latency, Target: pick(top.Links), Dur: between(rng, time.Second, 8*time.Second),
			Param: between(rng, 50*time.Millisecond, 2500*time.Millisecond).Round(10 * time.Millisecond)}
	case w < 78:
		// Answers of inventory-rpc that come back about when order-rpc
		// stops waiting for them (its call timeout ± 40%), for longer than
		// the pending timeout: some Reserves of an order succeed in time,
		// others of the same order time out after inventory-rpc reserved,
		// and the order is old enough to be abandoned. The window of the
		// abandon that released the stock of an order another actor had
		// confirmed (fixed in 72df972).
		link := pick([]string{"inventory-rpc/peer", "inventory-rpc/peer", "inventory-rpc/postgres"})
		if !slices.Contains(top.Links, link) {
			return Fault{}
		}
		return Fault{Kind: Latency, Target: link, Dur: between(rng, top.PendingTimeout*2, top.PendingTimeout*5),
			Param: top.CallTimeout, Jitter: top.CallTimeout * 4 / 10}
	case w < 88:
		return Fault{Kind: Timeout, Target: pick(top.Links), Dur: between(rng, time.Second, 6*time.Second),
			Param: between(rng, 200*time.Millisecond, 3*time.Second).Round(10 * time.Millisecond)}
	default:
		link := pick(top.Links)
		d := between(rng, time.Second, 6*time.Second)
		if link == "inventory-rpc/postgres" || link == "inventory-rpc/peer" {
			d = outage()
		}
		return Fault{Kind: Partition, Target: link, Dur: d}
	}
}

// between is a duration drawn evenly from [lo, hi), to the millisecond.
func between(rng *rand.Rand, lo, hi time.Duration) time.Duration {
	if hi <= lo {
		return lo
	}
	return (lo + time.Duration(rng.Int64N(int64(hi-lo)))).Round(time.Millisecond)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
