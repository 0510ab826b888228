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

type GetOrderLogic struct {
	logx.Logger
	ctx    context.Context
	svcCtx *svc.ServiceContext
}

// One of the caller's orders. 404 NOT_FOUND when it is not theirs.
func NewGetOrderLogic(ctx context.Context, svcCtx *svc.ServiceContext) *GetOrderLogic {
	return &GetOrderLogic{
		Logger: logx.WithContext(ctx),
		ctx:    ctx,
		svcCtx: svcCtx,
	}
}

func (l *GetOrderLogic) GetOrder(req *types.OrderReq) (resp *types.Order, err error) {
	id, err := authctx.From(l.ctx)
	if err != nil {
		return nil, err
	}
	out, err := l.svcCtx.OrderRpc.GetOrder(l.ctx, &orderpb.GetOrderReq{UserId: id.UserID, Id: req.Id})
	if err != nil {
		return nil, err
	}
	o := present.Order(out.Order)
	return &o, nil
}
