// Code scaffolded by goctl. Safe to edit.
// goctl 1.10.2

package middleware

import (
	"errors"
	"net/http"

	"github.com/zeromicro/go-zero/core/logx"

	"github.com/zsuite/common/errx"
	"github.com/zsuite/user-api/internal/authctx"
	"github.com/zsuite/user-api/internal/httperr"
	"github.com/zsuite/user-api/internal/ratelimit"
)

// AuthMiddleware admits a request that carries "Authorization: Bearer
// <token>" with a token the suite issued (authctx.Verifier: HS256, exp and
// iat required) whose account exists, and limits it per user. A refused
// request answers 401 and is logged with its reason only, never with its
// headers; its client address pays the anonymous limit, so that guessing
// tokens is as slow as any other anonymous request.
//
// It stands in for go-zero's JWT middleware, which accepts any HMAC
// algorithm, tokens without exp and a bare token without "Bearer", and logs
// every refused request whole, Authorization and Cookie included.
type AuthMiddleware struct {
	verifier  *authctx.Verifier
	accounts  *Accounts
	perUser   *ratelimit.Limiter
	anonymous *ratelimit.Limiter
	proxies   ratelimit.Proxies
}

func NewAuthMiddleware(verifier *authctx.Verifier, accounts *Accounts, perUser, anonymous *ratelimit.Limiter,
	proxies ratelimit.Proxies) *AuthMiddleware {
	return &AuthMiddleware{verifier: verifier, accounts: accounts, perUser: perUser, anonymous: anonymous, proxies: proxies}
}

func (m *AuthMiddleware) Handle(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := m.authenticate(r)
		if err != nil {
			var refused authctx.Refusal
			if !errors.As(err, &refused) {
				writeErr(w, r, err) // the account could not be checked: 503
				return
			}
			addr := m.proxies.ClientAddr(r)
			logx.WithContext(r.Context()).Infof("[AUTH] refused %s %s from %s: %s", r.Method, r.URL.Path, addr, refused)
			if err := m.anonymous.Allow(r.Context(), m.proxies.ClientKey(r)); err != nil {
				writeErr(w, r, err)
				return
			}
			msg := "missing or invalid access token"
			if refused == authctx.Expired {
				msg = "the access token has expired"
			}
			httperr.Write(w, r, errx.New(errx.Unauthenticated, msg))
			return
		}
		if err := m.perUser.Allow(r.Context(), ratelimit.UserKey(id.UserID)); err != nil {
			writeErr(w, r, err)
			return
		}
		next(w, r.WithContext(authctx.With(r.Context(), id)))
	}
}

func (m *AuthMiddleware) authenticate(r *http.Request) (authctx.Identity, error) {
	token, err := authctx.BearerToken(r.Header.Get("Authorization"))
	if err != nil {
		return authctx.Identity{}, err
	}
	id, err := m.verifier.Verify(token)
	if err != nil {
		return id, err
	}
	return id, m.accounts.Check(r.Context(), id.UserID)
}

// writeErr answers err in the suite's JSON shape.
func writeErr(w http.ResponseWriter, r *http.Request, err error) {
	e, ok := errx.From(err)
	if !ok {
		e = errx.New(errx.Internal, "internal error")
	}
	httperr.Write(w, r, e)
}
