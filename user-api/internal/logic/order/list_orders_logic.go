// Code scaffolded by goctl. Safe to edit.
// goctl 1.10.2

package order

import (
	"context"
	"github.com/zsuite/order-rpc/orderpb"
	"github.com/zsuite/user-api/internal/authctx"
	"github.com/zsuite/user-api/internal/present"

	"github.com/zsuite/user-api/internal/svc"
	"github.com/zsuite/user-api/internal/types"

	"github.com/zeromicro/go-zero/core/logx"
)

type ListOrdersLogic struct {
	logx.Logger
	ctx    context.Context
	svcCtx *svc.ServiceContext
}

// The caller's orders, newest first.
func NewListOrdersLogic(ctx context.Context, svcCtx *svc.ServiceContext) *ListOrdersLogic {
	return &ListOrdersLogic{
		Logger: logx.WithContext(ctx),
		ctx:    ctx,
		svcCtx: svcCtx,
	}
}

func (l *ListOrdersLogic) ListOrders(req *types.ListOrdersReq) (resp *types.ListOrdersResp, err error) {
	id, err := authctx.From(l.ctx)
	if err != nil {
		return nil, err
	}
	out, err := l.svcCtx.OrderRpc.ListOrders(l.ctx, &orderpb.ListOrdersReq{UserId: id.UserID, Page: req.Page, PageSize: req.PageSize})
	if err != nil {
		return nil, err
	}
	return &types.ListOrdersResp{Items: present.Orders(out.Items), Total: out.Total}, nil
}
