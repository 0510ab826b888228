package logic

import (
	"context"

	"github.com/zsuite/order-rpc/internal/svc"
	"github.com/zsuite/order-rpc/orderpb"

	"github.com/zeromicro/go-zero/core/logx"
)

type GetOrderLogic struct {
	ctx    context.Context
	svcCtx *svc.ServiceContext
	logx.Logger
}

func NewGetOrderLogic(ctx context.Context, svcCtx *svc.ServiceContext) *GetOrderLogic {
	return &GetOrderLogic{
		ctx:    ctx,
		svcCtx: svcCtx,
		Logger: logx.WithContext(ctx),
	}
}

// GetOrder answers NOT_FOUND for an order that is not the user's.
func (l *GetOrderLogic) GetOrder(in *orderpb.GetOrderReq) (*orderpb.GetOrderResp, error) {
	o, err := findOwned(l.ctx, l.svcCtx, in.UserId, in.Id)
	if err != nil {
		return nil, err
	}
	info, err := withLines(l.ctx, l.svcCtx, o)
	if err != nil {
		return nil, err
	}
	return &orderpb.GetOrderResp{Order: info}, nil
}
