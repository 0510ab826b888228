// Code scaffolded by goctl. Safe to edit.
// goctl 1.10.2

package middleware

import (
	"net/http"

	"github.com/zsuite/user-api/internal/ratelimit"
)

// AnonymousMiddleware limits the routes anyone may call (log in, the
// catalogue) per client address.
type AnonymousMiddleware struct {
	limiter *ratelimit.Limiter
	proxies ratelimit.Proxies
}

func NewAnonymousMiddleware(limiter *ratelimit.Limiter, proxies ratelimit.Proxies) *AnonymousMiddleware {
	return &AnonymousMiddleware{limiter: limiter, proxies: proxies}
}

func (m *AnonymousMiddleware) Handle(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := m.limiter.Allow(r.Context(), m.proxies.ClientKey(r)); err != nil {
			writeErr(w, r, err)
			return
		}
		next(w, r)
	}
}
