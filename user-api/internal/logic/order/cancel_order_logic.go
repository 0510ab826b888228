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

type CancelOrderLogic struct {
	logx.Logger
	ctx    context.Context
	svcCtx *svc.ServiceContext
}

// Cancel a CONFIRMED order and return its stock; cancelling again answers the same order. 409 CONFLICT for a REJECTED order.
func NewCancelOrderLogic(ctx context.Context, svcCtx *svc.ServiceContext) *CancelOrderLogic {
	return &CancelOrderLogic{
		Logger: logx.WithContext(ctx),
		ctx:    ctx,
		svcCtx: svcCtx,
	}
}

func (l *CancelOrderLogic) CancelOrder(req *types.OrderReq) (resp *types.Order, err error) {
	id, err := authctx.From(l.ctx)
	if err != nil {
		return nil, err
	}
	out, err := l.svcCtx.OrderRpc.CancelOrder(l.ctx, &orderpb.CancelOrderReq{UserId: id.UserID, Id: req.Id})
	if err != nil {
		return nil, err
	}
	o := present.Order(out.Order)
	// The caller reads the stock it returned at once (createOrder says why).
	for _, it := range o.Items {
		l.svcCtx.Products.Drop(it.ProductId)
	}
	return &o, nil
}
