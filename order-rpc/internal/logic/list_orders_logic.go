package logic

import (
	"context"
	"github.com/zsuite/common/errx"

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
	if in.UserId <= 0 || in.Page < 1 || in.PageSize < 1 || in.PageSize > maxPageSize {
		return nil, errx.Newf(errx.InvalidArgument, "page must be at least 1 and pageSize 1 to %d", maxPageSize)
	}
	if in.Page > maxPage {
		// An empty page with total 0 would contradict the pages before it.
		return nil, errx.Newf(errx.InvalidArgument, "page must be at most %d", maxPage)
	}
	orders, total, err := l.svcCtx.Orders.ListByUser(l.ctx, in.UserId, (in.Page-1)*in.PageSize, in.PageSize)
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

const (
	maxPageSize = 100
	// maxPage keeps OFFSET bounded; no user has a million orders.
	maxPage = 1_000_000 / maxPageSize
)
