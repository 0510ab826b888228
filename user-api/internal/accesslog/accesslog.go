// Package accesslog logs one line per HTTP request without its content.
package accesslog

import (
	"net/http"
	"time"

	"github.com/zeromicro/go-zero/core/logx"
)

// Middleware logs one line per request: status, method, path, the client's
// address and the duration, with the trace id logx adds from the context. It
// stands in for go-zero's log middleware (turn that off with Middlewares.Log:
// false), which dumps the whole request, Authorization header included, on
// every 5xx.
//
// clientAddr is how the rate limiters resolve the client
// (ratelimit.Proxies.ClientAddr): the log names the address a request was
// limited by. go-zero's httpx.GetRemoteAddr, which this used to log, returns
// the raw X-Forwarded-For header whoever sent it, so a client could write
// anything into the log and, behind a proxy, the log did not name the
// address the limiters used.
func Middleware(clientAddr func(*http.Request) string) func(http.HandlerFunc) http.HandlerFunc {
	return func(next http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
			next(sw, r)
			logger := logx.WithContext(r.Context()).WithDuration(time.Since(start))
			if sw.code >= http.StatusInternalServerError {
				logger.Errorf("[HTTP] %d - %s %s - %s", sw.code, r.Method, r.URL.Path, clientAddr(r))
				return
			}
			logger.Infof("[HTTP] %d - %s %s - %s", sw.code, r.Method, r.URL.Path, clientAddr(r))
		}
	}
}

type statusWriter struct {
	http.ResponseWriter
	code int
}

func (s *statusWriter) WriteHeader(code int) {
	s.code = code
	s.ResponseWriter.WriteHeader(code)
}

// Flush lets streaming handlers flush through the wrapper.
func (s *statusWriter) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
