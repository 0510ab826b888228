// Package accesslog logs one line per HTTP request without its content.
package accesslog

import (
	"net/http"
	"time"

	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/rest/httpx"
)

// Middleware logs one line per request: status, method, path, caller and
// duration, with the trace id logx adds from the context. It stands in for
// go-zero's log middleware (turn that off with Middlewares.Log: false), which
// dumps the whole request, Authorization header included, on every 5xx.
func Middleware(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
		next(sw, r)
		logger := logx.WithContext(r.Context()).WithDuration(time.Since(start))
		if sw.code >= http.StatusInternalServerError {
			logger.Errorf("[HTTP] %d - %s %s - %s", sw.code, r.Method, r.URL.Path, httpx.GetRemoteAddr(r))
			return
		}
		logger.Infof("[HTTP] %d - %s %s - %s", sw.code, r.Method, r.URL.Path, httpx.GetRemoteAddr(r))
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
