// Package httperr answers HTTP requests with the suite's errors (common/errx):
// the code's HTTP status and the JSON body {"code": "...", "message": "..."},
// for go-zero's httpx error path, for handlers outside it, and for the bodyless
// errors go-zero's own middlewares answer (JSONRouter).
package httperr

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/rest/httpx"

	"github.com/zsuite/common/errx"
)

// ErrorHandler is the handler for go-zero's httpx.SetErrorHandlerCtx: it answers
// with the code's HTTP status and the JSON body {"code","message"}. Errors that
// carry no code are logged and answered as 500 INTERNAL without their detail.
func ErrorHandler(ctx context.Context, err error) (int, any) {
	if e, ok := errx.From(err); ok {
		if e.RetryAfter > 0 {
			if h, ok := ctx.Value(headerKey{}).(http.Header); ok {
				h.Set("Retry-After", retryAfterSeconds(e.RetryAfter))
			}
		}
		return e.HTTPStatus(), e.Body()
	}
	logx.WithContext(ctx).Errorf("unhandled error: %v", err)
	return http.StatusInternalServerError, errx.New(errx.Internal, "internal error").Body()
}

// headerKey holds, in a request's context, the answer's headers (JSONRouter
// puts them there), so that HTTPError, which go-zero gives no writer, can set
// Retry-After.
type headerKey struct{}

// retryAfterSeconds is d in whole seconds, at least 1.
func retryAfterSeconds(d time.Duration) string {
	s := int64((d + time.Second - 1) / time.Second)
	if s < 1 {
		s = 1
	}
	return strconv.FormatInt(s, 10)
}

// BadRequest wraps a request-parsing error as INVALID_ARGUMENT. go-zero's
// parse errors quote what they could not parse; the message keeps at most
// maxMessageBytes of it, as valid UTF-8 without control characters, so an
// answer never echoes a request back.
func BadRequest(err error) error {
	if err == nil {
		return nil
	}
	if e, ok := errx.From(err); ok {
		return e
	}
	return errx.New(errx.InvalidArgument, excerpt(err.Error(), maxMessageBytes))
}

// maxMessageBytes bounds a message built from a parse error.
const maxMessageBytes = 160

// excerpt is s made safe to show: valid UTF-8, control characters as
// spaces, and at most max bytes, cut with "...".
func excerpt(s string, max int) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "?"))
	if len(s) <= max {
		return s
	}
	cut := max - 3
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}

// Write answers w with e as JSON; for handlers outside httpx's error path
// (not-found routes, JWT failures).
func Write(w http.ResponseWriter, r *http.Request, e *errx.Error) {
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", retryAfterSeconds(e.RetryAfter))
	}
	httpx.WriteJsonCtx(r.Context(), w, e.HTTPStatus(), e.Body())
}
