package logic

import (
	"context"
	"fmt"

	"github.com/zsuite/inventory-rpc/internal/svc"
	"github.com/zsuite/inventory-rpc/inventorypb"
	"github.com/zsuite/inventory-rpc/rules"

	"github.com/zeromicro/go-zero/core/logx"
)

type ReleaseLogic struct {
	ctx    context.Context
	svcCtx *svc.ServiceContext
	logx.Logger
}

func NewReleaseLogic(ctx context.Context, svcCtx *svc.ServiceContext) *ReleaseLogic {
	return &ReleaseLogic{
		ctx:    ctx,
		svcCtx: svcCtx,
		Logger: logx.WithContext(ctx),
	}
}

// Release gives back the stock an order reserved, once, and marks the order
// released (ReservationsModel.Release). Idempotent by order id: released is
// false when there was nothing to give back. A Release of an order that never
// reserved leaves a mark, so that a late Reserve of it is refused (CONFLICT).
// INVALID_ARGUMENT for order_id <= 0.
func (l *ReleaseLogic) Release(in *inventorypb.ReleaseReq) (*inventorypb.ReleaseResp, error) {
	if err := rules.ID("order_id", in.OrderId); err != nil {
		return nil, err
	}
	released, err := l.svcCtx.Reservations.Release(l.ctx, in.OrderId)
	if err != nil {
		return nil, fmt.Errorf("release order %d: %w", in.OrderId, err)
	}
	return &inventorypb.ReleaseResp{Released: released}, nil
}
