package errx

import (
	"context"
	"net/http"

	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/rest/httpx"
)

// HTTPError is the handler for go-zero's httpx.SetErrorHandlerCtx: it answers
// with the code's HTTP status and the JSON body {"code","message"}. Errors that
// carry no code are logged and answered as 500 INTERNAL without their detail.
func HTTPError(ctx context.Context, err error) (int, any) {
	if e, ok := From(err); ok {
		return e.HTTPStatus(), e.Body()
	}
	logx.WithContext(ctx).Errorf("unhandled error: %v", err)
	return http.StatusInternalServerError, New(Internal, "internal error").Body()
}

// BadRequest wraps a request-parsing error as INVALID_ARGUMENT.
func BadRequest(err error) error {
	if err == nil {
		return nil
	}
	if e, ok := From(err); ok {
		return e
	}
	return New(InvalidArgument, err.Error())
}

// Write answers w with e as JSON; for handlers outside httpx's error path
// (not-found routes, JWT failures).
func Write(w http.ResponseWriter, r *http.Request, e *Error) {
	httpx.WriteJsonCtx(r.Context(), w, e.HTTPStatus(), e.Body())
}
