package errx

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/zeromicro/go-zero/core/breaker"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func TestEveryCodeHasAMapping(t *testing.T) {
	for _, c := range []Code{InvalidArgument, Unauthenticated, PermissionDenied, NotFound, AlreadyExists, OutOfStock,
		Conflict, IdempotencyKeyReused, MethodNotAllowed, RateLimited, Unavailable, Internal} {
		if _, ok := table[c]; !ok {
			t.Errorf("%s has no mapping", c)
		}
	}
}

func TestRoundTripThroughGRPC(t *testing.T) {
	for code, m := range table {
		err := New(code, "msg").GRPCStatus().Err()
		if status.Code(err) != m.grpc {
			t.Errorf("%s: grpc code %v, want %v", code, status.Code(err), m.grpc)
		}
		back, ok := From(fmt.Errorf("wrapped: %w", err))
		if !ok || back.Code != code || back.Message != "msg" || back.HTTPStatus() != m.http {
			t.Errorf("%s: came back as %+v", code, back)
		}
	}
}

func TestFromForeignErrors(t *testing.T) {
	cases := []struct {
		err  error
		want Code
		ok   bool
	}{
		{status.Error(codes.Unavailable, "dial tcp: connection refused"), Unavailable, true},
		{status.Error(codes.DeadlineExceeded, "slow"), Unavailable, true},
		{status.Error(codes.NotFound, "x"), NotFound, true},
		{breaker.ErrServiceUnavailable, Unavailable, true},
		{fmt.Errorf("call: %w", context.DeadlineExceeded), Unavailable, true},
		{status.Error(codes.Unknown, "x"), "", false},
		{errors.New("sql: connection refused"), "", false},
		{nil, "", false},
	}
	for _, c := range cases {
		e, ok := From(c.err)
		if ok != c.ok || ok && e.Code != c.want {
			t.Errorf("From(%v) = %+v, %v; want %s, %v", c.err, e, ok, c.want, c.ok)
		}
	}
	// A bare gRPC Unavailable must not leak its transport detail.
	e, _ := From(status.Error(codes.Unavailable, "dial tcp 10.0.0.1:9001: connection refused"))
	if e.Message != unavailableMessage {
		t.Errorf("message %q leaks detail", e.Message)
	}
}
