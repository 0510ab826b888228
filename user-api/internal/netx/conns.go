package netx

import (
	"context"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/zeromicro/go-zero/core/metric"
	"github.com/zeromicro/go-zero/rest"

	"github.com/zsuite/common/errx"
	"github.com/zsuite/user-api/internal/httperr"
	"github.com/zsuite/user-api/internal/ratelimit"
)

// ConnLimits bounds the connections the HTTP server holds open. Each costs
// memory for as long as it is open, whether it sends anything or not: its
// goroutine's stack and net/http's read and write buffers, 25–45 KB
// (docs/performance.md). Unbounded, one client opening 4,096 of them took
// user-api from 34 MB to 225 MB while it answered every request with 429;
// on Kubernetes a replica past its memory limit is killed, with every other
// client's requests.
type ConnLimits struct {
	// PerClient bounds the connections from one client address (the /64 of
	// an IPv6 one). A trusted proxy's (RateLimit.TrustedProxies) are no one
	// client's: they carry many, each limited per request.
	PerClient int `json:",default=64"`
	// Total bounds the connections open at once: beyond it the server stops
	// accepting, and new connections wait in the kernel's listen queue, as
	// they would for a busy server, until one closes.
	Total int `json:",default=1024"`
}

// refusing bounds the connections being refused at once, of every client
// together, and refuseWithin how long each may take: they take none of
// Total's room, so a client that keeps opening connections cannot crowd out
// the others, and one that opens them faster than they are refused gets the
// rest closed unanswered.
const (
	refusing     = 64
	refuseWithin = time.Second
)

var (
	connsOpen = metric.NewGaugeVec(&metric.GaugeVecOpts{
		Namespace: "zsuite",
		Subsystem: "http",
		Name:      "connections_open",
		Help:      "Connections the HTTP server holds open within the limits.",
	})
	connsRefused = metric.NewCounterVec(&metric.CounterVecOpts{
		Namespace: "zsuite",
		Subsystem: "http",
		Name:      "connections_refused_total",
		Help:      "Connections of a client beyond its limit: answered 429 RATE_LIMITED and closed (answered yes), or closed at once while too many others were being refused (no).",
		Labels:    []string{"answered"},
	})
	connsFull = metric.NewCounterVec(&metric.CounterVecOpts{
		Namespace: "zsuite",
		Subsystem: "http",
		Name:      "connections_full_total",
		Help:      "Times the server stopped accepting because the total of its open connections was reached.",
	})
)

// refusedConn marks, in the context of its requests, a connection beyond its
// client's limit.
type refusedConn struct{}

// held is what an open connection holds: its client's key ("" a proxy's),
// or one of the refusals under way.
type held struct {
	key     string
	refused bool
}

// LimitConnections bounds the connections the server holds (l). At Total it
// stops accepting until one closes. A client's connection beyond PerClient
// takes no room of Total's: it gets one answer, to its first request, before
// any middleware runs, 429 RATE_LIMITED with a Retry-After and "Connection:
// close", and is closed after it or after refuseWithin, whichever comes
// first; while refusing others are under way it is closed at once.
func LimitConnections(l ConnLimits, proxies ratelimit.Proxies) rest.StartOption {
	var (
		slots     = make(chan struct{}, max(l.Total, 1))
		refusals  = make(chan struct{}, refusing)
		mu        sync.Mutex
		byKey     = map[string]int{}
		holdingOf = map[net.Conn]held{}
	)
	return func(s *http.Server) {
		connContext, connState, handler := s.ConnContext, s.ConnState, s.Handler
		// ConnContext runs in the accept loop, one connection after the
		// other, before the connection's goroutine starts: waiting here is
		// not accepting.
		s.ConnContext = func(ctx context.Context, c net.Conn) context.Context {
			if connContext != nil {
				ctx = connContext(ctx, c)
			}
			key, proxy := proxies.ConnKey(c.RemoteAddr())
			if proxy {
				key = ""
			}
			mu.Lock()
			over := key != "" && byKey[key] >= l.PerClient
			mu.Unlock()
			if over {
				select {
				case refusals <- struct{}{}:
				default:
					connsRefused.Inc("no")
					_ = c.Close() // its goroutine ends at its first read
					return ctx
				}
				connsRefused.Inc("yes")
				mu.Lock()
				holdingOf[c] = held{refused: true}
				mu.Unlock()
				time.AfterFunc(refuseWithin, func() { _ = c.Close() })
				return context.WithValue(ctx, refusedConn{}, true)
			}
			select {
			case slots <- struct{}{}:
			default:
				connsFull.Inc()
				slots <- struct{}{}
			}
			connsOpen.Inc()
			mu.Lock()
			byKey[key]++
			holdingOf[c] = held{key: key}
			mu.Unlock()
			return ctx
		}
		s.ConnState = func(c net.Conn, state http.ConnState) {
			if connState != nil {
				connState(c, state)
			}
			if state != http.StateClosed && state != http.StateHijacked {
				return
			}
			mu.Lock()
			h, ok := holdingOf[c]
			delete(holdingOf, c)
			if ok && !h.refused {
				if byKey[h.key]--; byKey[h.key] == 0 {
					delete(byKey, h.key)
				}
			}
			mu.Unlock()
			switch {
			case !ok:
			case h.refused:
				<-refusals
			default:
				connsOpen.Dec()
				<-slots
			}
		}
		s.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Context().Value(refusedConn{}) != nil {
				w.Header().Set("Connection", "close")
				w.Header().Set("Retry-After", httperr.DefaultRetryAfter)
				httperr.Write(w, r, errx.New(errx.RateLimited, "too many connections from this client; reuse the ones open"))
				return
			}
			handler.ServeHTTP(w, r)
		})
	}
}
