// Code scaffolded by goctl. Safe to edit.
// goctl 1.10.2

package middleware

import (
	"net/http"

	"github.com/zsuite/common/errx"
	"github.com/zsuite/user-api/internal/authctx"
	"github.com/zsuite/user-api/internal/httperr"
)

// AdminOnlyMiddleware lets only callers whose token carries the admin role
// through; it runs after go-zero's JWT check.
type AdminOnlyMiddleware struct {
}

func NewAdminOnlyMiddleware() *AdminOnlyMiddleware {
	return &AdminOnlyMiddleware{}
}

func (m *AdminOnlyMiddleware) Handle(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if _, err := authctx.RequireAdmin(r.Context()); err != nil {
			e, _ := errx.From(err)
			httperr.Write(w, r, e)
			return
		}
		next(w, r)
	}
}
