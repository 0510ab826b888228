// Code scaffolded by goctl. Safe to edit.
// goctl 1.10.2

package user

import (
	"net/http"

	"github.com/zeromicro/go-zero/rest/httpx"

	"github.com/zsuite/user-api/internal/logic/user"
	"github.com/zsuite/user-api/internal/svc"
)

// The caller and their five most recent orders, fetched in parallel.
func OverviewHandler(svcCtx *svc.ServiceContext) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		l := user.NewOverviewLogic(r.Context(), svcCtx)
		resp, err := l.Overview()
		if err != nil {
			httpx.ErrorCtx(r.Context(), w, err)
		} else {
			httpx.OkJsonCtx(r.Context(), w, resp)
		}
	}
}
