package logic

import (
	"context"
	"errors"
	"fmt"

	"github.com/zsuite/common/errx"
	"github.com/zsuite/inventory-rpc/internal/metrics"
	"github.com/zsuite/inventory-rpc/internal/model"
	"github.com/zsuite/inventory-rpc/internal/svc"
	"github.com/zsuite/inventory-rpc/inventorypb"
	"github.com/zsuite/inventory-rpc/rules"

	"github.com/zeromicro/go-zero/core/logx"
)

type ReserveLogic struct {
	ctx    context.Context
	svcCtx *svc.ServiceContext
	logx.Logger
}

func NewReserveLogic(ctx context.Context, svcCtx *svc.ServiceContext) *ReserveLogic {
	return &ReserveLogic{
		ctx:    ctx,
		svcCtx: svcCtx,
		Logger: logx.WithContext(ctx),
	}
}

// Reserve takes stock for every line of an order, all or none, in one
// statement (ReservationsModel.Reserve: the reserve_batch SQL function,
// together with the Reserves that arrived while the previous one was in
// flight; each product's row is locked once per batch and each order is
// answered on its own).
//
// Idempotent by order id: a second Reserve of a reserved order succeeds and
// takes nothing. Refusals change nothing:
//   - INVALID_ARGUMENT: order_id <= 0, no lines, quantity <= 0, a product twice;
//   - NOT_FOUND: a line names no product;
//   - OUT_OF_STOCK: a product has less stock than its line asks for;
//   - CONFLICT: the order was released before (a late Reserve).
func (l *ReserveLogic) Reserve(in *inventorypb.ReserveReq) (*inventorypb.ReserveResp, error) {
	if err := rules.Reservation(in); err != nil {
		return nil, err
	}
	lines := make([]model.ReserveLine, 0, len(in.Lines))
	for _, line := range in.Lines {
		lines = append(lines, model.ReserveLine{ProductID: line.ProductId, Quantity: line.Quantity})
	}
	reserved, err := l.svcCtx.Reservations.Reserve(l.ctx, in.OrderId, lines)
	var product *model.ProductError
	switch {
	case errors.Is(err, model.ErrReleased):
		metrics.Refused("released")
		return nil, errx.Newf(errx.Conflict, "order %d was released; it cannot reserve stock any more", in.OrderId)
	case errors.As(err, &product) && errors.Is(err, model.ErrNotFound):
		metrics.Refused("not_found")
		return nil, errx.Newf(errx.NotFound, "product %d not found", product.ProductID)
	case errors.As(err, &product) && errors.Is(err, model.ErrOutOfStock):
		metrics.Refused("out_of_stock")
		return nil, errx.Newf(errx.OutOfStock, "not enough stock of product %d", product.ProductID)
	case err != nil:
		return nil, fmt.Errorf("reserve stock for order %d: %w", in.OrderId, err)
	}
	if !reserved {
		l.Infof("order %d had reserved its stock before: nothing taken", in.OrderId)
	}
	return &inventorypb.ReserveResp{}, nil
}
