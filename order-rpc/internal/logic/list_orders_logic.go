package logic

import (
	"context"
	"github.com/zsuite/common/bounds"

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
	if err := bounds.ID("user id", in.UserId); err != nil {
		return nil, err
	}
	offset, err := bounds.Page(in.Page, in.PageSize)
	if err != nil {
		return nil, err
	}
	orders, total, err := l.svcCtx.Orders.ListByUser(l.ctx, in.UserId, offset, in.PageSize)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(orders))
	for i, o := range orders {
		ids[i] = o.Id
	}
	lines, err := l.svcCtx.Orders.Lines(l.ctx, ids)
	if err != nil {
		return nil, err
	}
	items := make([]*orderpb.OrderInfo, len(orders))
	for i, o := range orders {
		items[i] = toOrderInfo(o, lines[o.Id])
	}
	return &orderpb.ListOrdersResp{Items: items, Total: total}, nil
}
