package main

import (
	"errors"
	"strings"
	"testing"
)

func TestPairErr(t *testing.T) {
	o := errors.New("pgbench order: exit status 1: FATAL:  sorry, too many clients already\norder's output")
	i := errors.New("pgbench inventory: exit status 1: FATAL:  sorry, too many clients already\ninventory's output")
	if err := pairErr(nil, nil); err != nil {
		t.Errorf("neither failed: %v", err)
	}
	if err := pairErr(o, nil); err != o {
		t.Errorf("the order run failed: %v", err)
	}
	if err := pairErr(nil, i); err != i {
		t.Errorf("the inventory run failed: %v", err)
	}
	want := "pgbench order: exit status 1: FATAL:  sorry, too many clients already; pgbench inventory: exit status 1: FATAL:  sorry, too many clients already"
	if got := firstLine(pairErr(o, i)); got != want {
		t.Errorf("both failed: first line %q, want %q", got, want)
	}
}

// TestClientsFit: a pgbench run opens no more clients than both Postgres
// have room for just before it, says why when it opens fewer, and a floor
// search step is skipped rather than measure again what the step before
// measured.
func TestClientsFit(t *testing.T) {
	for _, c := range []struct {
		want, done, room int
		clients          int
		why              string // a prefix of it; "" for none
	}{
		{want: 64, room: 64, clients: 64},
		{want: 64, room: 500, clients: 64},
		{want: 64, done: 32, room: 64, clients: 64},
		{want: 64, room: 40, clients: 40, why: "capped to -c 40: the two Postgres have room for 40 clients"},
		{want: 64, done: 32, room: 40, clients: 40, why: "capped to -c 40:"},
		{want: 64, done: 32, room: 32, why: "skipped: the two Postgres have room for 32 clients beside the services' pools (max_connections), no more than the step before"},
		{want: 64, done: 32, room: 10, why: "skipped: the two Postgres have room for 10 clients"},
		{want: 64, room: 0, why: "skipped: the two Postgres have no room for a client"},
		{want: 1, room: 0, why: "skipped:"},
	} {
		got, why := clientsFit(c.want, c.done, c.room)
		if got != c.clients || (c.why == "") != (why == "") || !strings.HasPrefix(why, c.why) {
			t.Errorf("want %d, done %d, room %d: %d clients, %q; want %d, %q…", c.want, c.done, c.room, got, why, c.clients, c.why)
		}
	}
}
