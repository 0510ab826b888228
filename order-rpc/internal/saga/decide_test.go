package saga

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/zsuite/common/errx"
	"github.com/zsuite/order-rpc/rules"
)

func TestAfterReserve(t *testing.T) {
	const timeout = time.Minute
	young, old := time.Second, 2*time.Minute
	grpcErr := func(e *errx.Error) error { return e.GRPCStatus().Err() }
	cases := []struct {
		name     string
		err      error
		age      time.Duration
		wantStep Step
		wantCode errx.Code
	}{
		{"reserved", nil, young, Confirm, ""},
		{"reserved late still confirms", nil, old, Confirm, ""},
		{"out of stock", grpcErr(errx.New(errx.OutOfStock, "short")), young, Reject, errx.OutOfStock},
		{"unknown product", grpcErr(errx.New(errx.NotFound, "no product")), young, Reject, errx.NotFound},
		{"released before reserve", grpcErr(errx.New(errx.Conflict, "released")), young, Reject, errx.Unavailable},
		{"unavailable, young", status.Error(codes.Unavailable, "no connection"), young, Retry, ""},
		{"deadline, young", status.Error(codes.DeadlineExceeded, "slow"), young, Retry, ""},
		{"context deadline, young", context.DeadlineExceeded, young, Retry, ""},
		{"internal, young", grpcErr(errx.New(errx.Internal, "boom")), young, Retry, ""},
		{"unavailable, old", status.Error(codes.Unavailable, "no connection"), old, Abandon, errx.Unavailable},
		{"plain error, old", errors.New("eof"), old, Abandon, errx.Unavailable},
	}
	for _, c := range cases {
		step, code := AfterReserve(c.err, c.age, timeout)
		if step != c.wantStep || code != c.wantCode {
			t.Errorf("%s: got %v %q, want %v %q", c.name, step, code, c.wantStep, c.wantCode)
		}
	}
}

func TestCancelStep(t *testing.T) {
	for status, want := range map[string]struct {
		release bool
		code    errx.Code
	}{
		Confirmed:  {true, ""},
		Cancelling: {true, ""},
		Cancelled:  {false, ""},
		Rejected:   {false, errx.Conflict},
		Pending:    {false, errx.Conflict},
		Abandoning: {false, errx.Conflict},
	} {
		release, err := CancelStep(status)
		if release != want.release {
			t.Errorf("%s: release %v, want %v", status, release, want.release)
		}
		if want.code == "" && err != nil || want.code != "" && !errx.Is(err, want.code) {
			t.Errorf("%s: err %v, want code %q", status, err, want.code)
		}
	}
	if _, err := CancelStep("WEIRD"); err == nil {
		t.Error("an unknown status must be an error")
	}
}

func TestBackoff(t *testing.T) {
	want := []time.Duration{500 * time.Millisecond, 500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second,
		8 * time.Second, 16 * time.Second, 30 * time.Second, 30 * time.Second}
	for i, w := range want {
		if got := Backoff(int64(i)); got != w {
			t.Errorf("Backoff(%d) = %v, want %v", i, got, w)
		}
	}
	if Backoff(1000) != 30*time.Second {
		t.Error("backoff must stay at its ceiling")
	}
}

func TestValidateCreate(t *testing.T) {
	ok := []Item{{ProductID: 1, Quantity: 1}, {ProductID: 2, Quantity: 1000}}
	if err := ValidateCreate(1, "key_1-A", ok); err != nil {
		t.Fatalf("valid request: %v", err)
	}
	many := make([]Item, rules.MaxItems+1)
	for i := range many {
		many[i] = Item{ProductID: int64(i + 1), Quantity: 1}
	}
	bad := []struct {
		user  int64
		key   string
		items []Item
	}{
		{0, "k", ok},
		{1, "", ok},
		{1, strings.Repeat("k", 65), ok},
		{1, "has space", ok},
		{1, "ключ", ok},
		{1, "k", nil},
		{1, "k", many},
		{1, "k", []Item{{ProductID: 0, Quantity: 1}}},
		{1, "k", []Item{{ProductID: -1, Quantity: 1}}},
		{1, "k", []Item{{ProductID: 1, Quantity: 0}}},
		{1, "k", []Item{{ProductID: 1, Quantity: -5}}},
		{1, "k", []Item{{ProductID: 1, Quantity: 1001}}},
		{1, "k", []Item{{ProductID: 1, Quantity: 1}, {ProductID: 1, Quantity: 2}}},
	}
	for i, b := range bad {
		if err := ValidateCreate(b.user, b.key, b.items); !errx.Is(err, errx.InvalidArgument) {
			t.Errorf("case %d: %v, want INVALID_ARGUMENT", i, err)
		}
	}
	if err := ValidateCreate(1, strings.Repeat("k", 64), many[:rules.MaxItems]); err != nil {
		t.Errorf("limits themselves are valid: %v", err)
	}
}

func TestRequestHash(t *testing.T) {
	a := RequestHash([]Item{{ProductID: 1, Quantity: 2}, {ProductID: 3, Quantity: 4}})
	if a != RequestHash([]Item{{ProductID: 3, Quantity: 4}, {ProductID: 1, Quantity: 2}}) {
		t.Error("the order of items must not matter")
	}
	for _, other := range [][]Item{{{ProductID: 1, Quantity: 2}}, {{ProductID: 1, Quantity: 3}, {ProductID: 3, Quantity: 4}}, {{ProductID: 1, Quantity: 2}, {ProductID: 3, Quantity: 4}, {ProductID: 5, Quantity: 1}}, {{ProductID: 12, Quantity: 3}, {ProductID: 4, Quantity: 0}}} {
		if RequestHash(other) == a {
			t.Errorf("%v hashes like %v", other, []Item{{ProductID: 1, Quantity: 2}, {ProductID: 3, Quantity: 4}})
		}
	}
}
