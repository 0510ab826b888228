// Code scaffolded by goctl. Safe to edit.
// goctl 1.10.2

package middleware

import "github.com/zsuite/user-api/internal/ratelimit"

// SignupMiddleware limits account creation per client address; it is the
// anonymous middleware with a limiter of its own, tighter than the other
// anonymous routes': an account costs a bcrypt hash and a row.
type SignupMiddleware = AnonymousMiddleware

func NewSignupMiddleware(limiter *ratelimit.Limiter, proxies ratelimit.Proxies) *SignupMiddleware {
	return NewAnonymousMiddleware(limiter, proxies)
}
