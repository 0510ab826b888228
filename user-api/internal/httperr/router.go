package httperr

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"

	"github.com/zeromicro/go-zero/rest/httpx"

	"github.com/zsuite/common/errx"
)

// JSONRouter wraps go-zero's router, the outermost handler of a rest server,
// so that the answers go-zero's own middlewares give without a body (circuit
// breaker open 503, load shedding 503, timeout 503, body too large 413, ...)
// carry the suite's JSON error too. Answers that have a body pass untouched.
// Pass it first: rest.MustNewServer(c, rest.WithRouter(httperr.JSONRouter(router.NewRouter())), ...).
func JSONRouter(inner httpx.Router) httpx.Router {
	return jsonRouter{Router: inner}
}

type jsonRouter struct {
	httpx.Router
}

func (j jsonRouter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	bw := &bodylessErrorWriter{ResponseWriter: w}
	j.Router.ServeHTTP(bw, r.WithContext(context.WithValue(r.Context(), headerKey{}, w.Header())))
	bw.finish()
}

// bodylessErrorWriter holds back an error status until it sees whether a
// body follows; if none does, it writes the JSON error for that status.
type bodylessErrorWriter struct {
	http.ResponseWriter
	pending int // an error status not yet written
	written bool
}

func (b *bodylessErrorWriter) WriteHeader(code int) {
	if b.written || b.pending != 0 {
		return
	}
	if code >= http.StatusBadRequest {
		// A client told to come back is told when.
		if (code == http.StatusServiceUnavailable || code == http.StatusTooManyRequests) &&
			b.Header().Get("Retry-After") == "" {
			b.Header().Set("Retry-After", DefaultRetryAfter)
		}
		b.pending = code
		return
	}
	b.written = true
	b.ResponseWriter.WriteHeader(code)
}

func (b *bodylessErrorWriter) Write(p []byte) (int, error) {
	b.flushHeader()
	return b.ResponseWriter.Write(p)
}

func (b *bodylessErrorWriter) flushHeader() {
	if b.written {
		return
	}
	b.written = true
	if b.pending != 0 {
		b.ResponseWriter.WriteHeader(b.pending)
	}
}

func (b *bodylessErrorWriter) finish() {
	if b.written || b.pending == 0 {
		return
	}
	e := forStatus(b.pending)
	b.ResponseWriter.Header().Set("Content-Type", "application/json; charset=utf-8")
	b.ResponseWriter.Header().Del("Content-Length")
	b.flushHeader()
	body, _ := json.Marshal(e.Body())
	_, _ = b.ResponseWriter.Write(body)
}

// Flush lets streaming handlers flush through the wrapper.
func (b *bodylessErrorWriter) Flush() {
	b.flushHeader()
	if f, ok := b.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Hijack lets websocket-style handlers take the connection.
func (b *bodylessErrorWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if h, ok := b.ResponseWriter.(http.Hijacker); ok {
		b.written = true
		return h.Hijack()
	}
	return nil, nil, errors.New("the response writer cannot be hijacked")
}

// DefaultRetryAfter is the Retry-After of a 503 or 429 that names none: a
// second, the time an open breaker waits before it probes again.
const DefaultRetryAfter = "1"

// forStatus names a bare HTTP error status in the suite's terms.
func forStatus(code int) *errx.Error {
	switch code {
	case http.StatusServiceUnavailable:
		return errx.New(errx.Unavailable, "the service is busy or a dependency is down, try again later")
	case http.StatusRequestEntityTooLarge:
		return errx.New(errx.InvalidArgument, "the request body is too large")
	case http.StatusUnauthorized:
		return errx.New(errx.Unauthenticated, "missing or invalid access token")
	case http.StatusForbidden:
		return errx.New(errx.PermissionDenied, "permission denied")
	case http.StatusNotFound:
		return errx.New(errx.NotFound, "no such route")
	case http.StatusMethodNotAllowed:
		return errx.New(errx.MethodNotAllowed, "method not allowed on this route")
	case http.StatusTooManyRequests:
		return errx.New(errx.RateLimited, "too many requests, try again later")
	default:
		if code < http.StatusInternalServerError {
			return errx.New(errx.InvalidArgument, http.StatusText(code))
		}
		return errx.New(errx.Internal, "internal error")
	}
}
