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
	// todo: add your logic here and delete this line

	return &orderpb.GetOrderResp{}, nil
}
