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
	// todo: add your logic here and delete this line

	return &orderpb.CancelOrderResp{}, nil
}
