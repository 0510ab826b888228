package logic

import (
	"context"

	"github.com/zsuite/order-rpc/internal/svc"
	"github.com/zsuite/order-rpc/orderpb"

	"github.com/zeromicro/go-zero/core/logx"
)

type CreateOrderLogic struct {
	ctx    context.Context
	svcCtx *svc.ServiceContext
	logx.Logger
}

func NewCreateOrderLogic(ctx context.Context, svcCtx *svc.ServiceContext) *CreateOrderLogic {
	return &CreateOrderLogic{
		ctx:    ctx,
		svcCtx: svcCtx,
		Logger: logx.WithContext(ctx),
	}
}

// CreateOrder records the order, reserves its stock in inventory-rpc and
func (l *CreateOrderLogic) CreateOrder(in *orderpb.CreateOrderReq) (*orderpb.CreateOrderResp, error) {
	// todo: add your logic here and delete this line

	return &orderpb.CreateOrderResp{}, nil
}
