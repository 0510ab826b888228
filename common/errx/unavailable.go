package errx

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"syscall"

	"github.com/redis/go-redis/v9"
	"github.com/zeromicro/go-zero/core/breaker"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// unreachableCheckers are further tests for DependencyDown, registered by
// packages that know a store's own errors (common/sqlerr for Postgres).
var unreachableCheckers []func(error) bool

// RegisterDependencyDown adds a test for DependencyDown. Call it from an
// init function only.
func RegisterDependencyDown(check func(error) bool) {
	unreachableCheckers = append(unreachableCheckers, check)
}

// DependencyDown reports whether err says that a dependency (a database, a
// Redis, an RPC service, etcd) could not be reached or did not answer in
// time, as opposed to an answer it gave. Such errors are UNAVAILABLE, never
// INTERNAL, and they are what circuit breakers count.
func DependencyDown(err error) bool {
	if err == nil {
		return false
	}
	switch {
	case errors.Is(err, breaker.ErrServiceUnavailable),
		errors.Is(err, context.DeadlineExceeded),
		errors.Is(err, driver.ErrBadConn),
		errors.Is(err, sql.ErrConnDone),
		errors.Is(err, io.EOF),
		errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, net.ErrClosed),
		errors.Is(err, syscall.ECONNREFUSED),
		errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.EPIPE),
		errors.Is(err, redis.ErrClosed),
		errors.Is(err, redis.ErrPoolTimeout):
		return true
	}
	var netErr net.Error
	if errors.As(err, &netErr) {
		return true
	}
	for _, check := range unreachableCheckers {
		if check(err) {
			return true
		}
	}
	return false
}

// Answered reports whether err is an answer of one of the suite's services:
// a gRPC status that carries the suite's error detail. Such a service is up,
// and judged the call; a transport failure carries no detail.
func Answered(err error) bool {
	var withStatus interface{ GRPCStatus() *status.Status }
	if !errors.As(err, &withStatus) {
		return false
	}
	return ourDetail(withStatus.GRPCStatus()) != nil
}

// CalleeDown reports whether an RPC's error means the service called is
// unreachable or too slow: no answer in time, or no connection. These are
// the only errors an RPC client's breaker counts. Answers of the callee
// (its codes, its UNAVAILABLE when its own store is down, which its own
// breakers handle) and errors the caller caused (a message grpc could not
// encode, a request too large) do not.
func CalleeDown(err error) bool {
	if err == nil || Answered(err) {
		return false
	}
	switch status.Code(err) {
	case codes.DeadlineExceeded, codes.Unavailable:
		return true
	}
	return false
}
