package main

import (
	"errors"
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
