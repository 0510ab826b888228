// Package netx holds what user-api sets on its HTTP server beyond go-zero's config.
package netx

import (
	"net/http"
	"time"

	"github.com/zeromicro/go-zero/rest"
)

// Timeouts returns the network timeouts of the HTTP server, taken from
// RestConf.Timeout as go-zero takes them when its Timeout middleware is on.
//
// user-api runs without that middleware (etc/user-api.yaml,
// Middlewares.Timeout): every handler is bounded by the deadlines of the RPC
// calls it makes, and the middleware costs a goroutine and a buffered copy of
// every answer (docs/performance.md). go-zero then leaves the server's
// timeouts unset, so a client that sends its request or reads its answer
// slowly could hold a connection forever; these bound it.
func Timeouts(c rest.RestConf) rest.StartOption {
	timeout := time.Duration(c.Timeout) * time.Millisecond
	return func(s *http.Server) {
		if timeout <= 0 {
			return
		}
		// go-zero's factors: reading must end before the answer is due, and
		// writing gets a little more than the handler's time.
		s.ReadHeaderTimeout = timeout / 5
		s.ReadTimeout = 4 * timeout / 5
		s.WriteTimeout = 11 * timeout / 10
		s.IdleTimeout = 2 * timeout
	}
}
