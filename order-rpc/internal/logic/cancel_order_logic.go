package logic

import (
	"context"

	"github.com/zsuite/order-rpc/internal/svc"
	"github.com/zsuite/order-rpc/orderpb"

	"github.com/zeromicro/go-zero/core/logx"
)

type CancelOrderLogic struct {
	ctx    context.Context
	svcCtx *svc.ServiceContext
	logx.Logger
}

func NewCancelOrderLogic(ctx context.Context, svcCtx *svc.ServiceContext) *CancelOrderLogic {
	return &CancelOrderLogic{
		ctx:    ctx,
		svcCtx: svcCtx,
		Logger: logx.WithContext(ctx),
	}
}

// CancelOrder releases a CONFIRMED order's stock and marks it CANCELLED.
func (l *CancelOrderLogic) CancelOrder(in *orderpb.CancelOrderReq) (*orderpb.CancelOrderResp, error) {
	o, err := findOwned(l.ctx, l.svcCtx, in.UserId, in.Id)
	if err != nil {
		return nil, err
	}
	if o, err = l.svcCtx.Saga.Cancel(l.ctx, o); err != nil {
		return nil, err
	}
	info, err := withLines(l.ctx, l.svcCtx, o)
	if err != nil {
		return nil, err
	}
	return &orderpb.CancelOrderResp{Order: info}, nil
}
