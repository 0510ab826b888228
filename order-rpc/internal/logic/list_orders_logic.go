package logic

import (
	"context"

	"github.com/zsuite/order-rpc/internal/svc"
	"github.com/zsuite/order-rpc/orderpb"

	"github.com/zeromicro/go-zero/core/logx"
)

type ListOrdersLogic struct {
	ctx    context.Context
	svcCtx *svc.ServiceContext
	logx.Logger
}

func NewListOrdersLogic(ctx context.Context, svcCtx *svc.ServiceContext) *ListOrdersLogic {
	return &ListOrdersLogic{
		ctx:    ctx,
		svcCtx: svcCtx,
		Logger: logx.WithContext(ctx),
	}
}

func (l *ListOrdersLogic) ListOrders(in *orderpb.ListOrdersReq) (*orderpb.ListOrdersResp, error) {
	// todo: add your logic here and delete this line

	return &orderpb.ListOrdersResp{}, nil
}
