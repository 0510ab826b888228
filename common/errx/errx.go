// Package errx holds the suite's one table of error codes and carries them
// across gRPC (as a status with an ErrorInfo detail) and HTTP (as a status and
// a JSON body {"code": "...", "message": "..."}).
package errx

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/zeromicro/go-zero/core/breaker"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Code is a stable, client-facing error code.
type Code string

// The codes. Add one here, with its gRPC and HTTP mapping, before using it.
const (
	InvalidArgument      Code = "INVALID_ARGUMENT"
	Unauthenticated      Code = "UNAUTHENTICATED"
	PermissionDenied     Code = "PERMISSION_DENIED"
	NotFound             Code = "NOT_FOUND"
	AlreadyExists        Code = "ALREADY_EXISTS"
	OutOfStock           Code = "OUT_OF_STOCK"
	Conflict             Code = "CONFLICT"
	IdempotencyKeyReused Code = "IDEMPOTENCY_KEY_REUSED"
	MethodNotAllowed     Code = "METHOD_NOT_ALLOWED"
	RateLimited          Code = "RATE_LIMITED"
	Unavailable          Code = "UNAVAILABLE"
	Internal             Code = "INTERNAL"
)

// domain names the ErrorInfo details this package writes.
const domain = "zsuite"

type mapping struct {
	grpc codes.Code
	http int
}

var table = map[Code]mapping{
	InvalidArgument:      {codes.InvalidArgument, http.StatusBadRequest},
	Unauthenticated:      {codes.Unauthenticated, http.StatusUnauthorized},
	PermissionDenied:     {codes.PermissionDenied, http.StatusForbidden},
	NotFound:             {codes.NotFound, http.StatusNotFound},
	AlreadyExists:        {codes.AlreadyExists, http.StatusConflict},
	OutOfStock:           {codes.FailedPrecondition, http.StatusConflict},
	Conflict:             {codes.FailedPrecondition, http.StatusConflict},
	IdempotencyKeyReused: {codes.AlreadyExists, http.StatusConflict},
	MethodNotAllowed:     {codes.Unimplemented, http.StatusMethodNotAllowed},
	RateLimited:          {codes.ResourceExhausted, http.StatusTooManyRequests},
	Unavailable:          {codes.Unavailable, http.StatusServiceUnavailable},
	Internal:             {codes.Internal, http.StatusInternalServerError},
}

// byGRPC maps a bare gRPC code (one without our detail, e.g. from grpc-go
// itself) to the closest of our codes.
var byGRPC = map[codes.Code]Code{
	codes.InvalidArgument:    InvalidArgument,
	codes.OutOfRange:         InvalidArgument,
	codes.Unauthenticated:    Unauthenticated,
	codes.PermissionDenied:   PermissionDenied,
	codes.NotFound:           NotFound,
	codes.AlreadyExists:      AlreadyExists,
	codes.FailedPrecondition: Conflict,
	codes.Aborted:            Conflict,
	codes.ResourceExhausted:  RateLimited,
	codes.Unavailable:        Unavailable,
	codes.DeadlineExceeded:   Unavailable,
	codes.Canceled:           Unavailable,
}

const unavailableMessage = "a service this request needs is unavailable, try again later"

// Error is an error a client may see: a code and a message safe to show.
type Error struct {
	Code    Code   `json:"code"`
	Message string `json:"message"`
	// RetryAfter, when set, is when a retry may succeed; HTTP answers carry
	// it in Retry-After (UNAVAILABLE and RATE_LIMITED always carry one).
	RetryAfter time.Duration `json:"-"`
}

// New returns an Error with code and message.
func New(code Code, message string) *Error {
	return &Error{Code: code, Message: message}
}

// Newf returns an Error with code and a formatted message.
func Newf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

func (e *Error) Error() string { return string(e.Code) + ": " + e.Message }

// Body is the JSON an HTTP client receives for an error.
type Body struct {
	Code    Code   `json:"code"`
	Message string `json:"message"`
}

// Body returns e as the JSON body of an HTTP answer.
func (e *Error) Body() Body { return Body{Code: e.Code, Message: e.Message} }

// HTTPStatus is the HTTP status the code answers with.
func (e *Error) HTTPStatus() int {
	if m, ok := table[e.Code]; ok {
		return m.http
	}
	return http.StatusInternalServerError
}

// GRPCStatus lets grpc-go send e as a status carrying the code in an ErrorInfo.
func (e *Error) GRPCStatus() *status.Status {
	c := codes.Internal
	if m, ok := table[e.Code]; ok {
		c = m.grpc
	}
	st := status.New(c, e.Message)
	if withInfo, err := st.WithDetails(&errdetails.ErrorInfo{Reason: string(e.Code), Domain: domain}); err == nil {
		return withInfo
	}
	return st
}

// Is reports whether err carries code, directly, wrapped, or inside a gRPC status.
func Is(err error, code Code) bool {
	e, ok := From(err)
	return ok && e.Code == code
}

// From finds the client-facing Error in err: an *Error in its chain, or a gRPC
// status (with our detail when there is one). ok is false for any other error,
// which callers must treat as internal.
func From(err error) (*Error, bool) {
	if err == nil {
		return nil, false
	}
	var e *Error
	if errors.As(err, &e) {
		return e, true
	}
	// Breakers and call timeouts fail without a status.
	if errors.Is(err, breaker.ErrServiceUnavailable) || errors.Is(err, context.DeadlineExceeded) {
		return New(Unavailable, unavailableMessage), true
	}
	if e, ok := fromStatus(err); ok {
		return e, true
	}
	// A store or service that could not be reached.
	if DependencyDown(err) {
		return New(Unavailable, unavailableMessage), true
	}
	return nil, false
}

func fromStatus(err error) (*Error, bool) {
	// The status itself, not status.FromError's copy that takes the message
	// of whatever wraps it.
	var withStatus interface{ GRPCStatus() *status.Status }
	if !errors.As(err, &withStatus) {
		return nil, false
	}
	st := withStatus.GRPCStatus()
	if st.Code() == codes.OK || st.Code() == codes.Unknown {
		return nil, false
	}
	if info := ourDetail(st); info != nil {
		return New(Code(info.Reason), st.Message()), true
	}
	if code, known := byGRPC[st.Code()]; known {
		msg := st.Message()
		if code == Unavailable {
			msg = unavailableMessage
		}
		return New(code, msg), true
	}
	return nil, false
}

// ourDetail is the suite's ErrorInfo in st, or nil when st carries none.
func ourDetail(st *status.Status) *errdetails.ErrorInfo {
	for _, d := range st.Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok && info.Domain == domain {
			return info
		}
	}
	return nil
}
