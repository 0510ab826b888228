// Code scaffolded by goctl. Safe to edit.
// goctl 1.10.2

package order

import (
	"context"
	"github.com/zsuite/order-rpc/orderpb"
	"github.com/zsuite/user-api/internal/authctx"
	"github.com/zsuite/user-api/internal/present"

	"github.com/zsuite/user-api/internal/svc"
	"github.com/zsuite/user-api/internal/types"

	"github.com/zeromicro/go-zero/core/logx"
)

type CreateOrderLogic struct {
	logx.Logger
	ctx    context.Context
	svcCtx *svc.ServiceContext
}

// Place an order; its stock is reserved before it answers CONFIRMED. 409 OUT_OF_STOCK (nothing reserved), 404 NOT_FOUND for an unknown product, 409 IDEMPOTENCY_KEY_REUSED, 503 UNAVAILABLE when it cannot settle in time (retry with the same key).
func NewCreateOrderLogic(ctx context.Context, svcCtx *svc.ServiceContext) *CreateOrderLogic {
	return &CreateOrderLogic{
		Logger: logx.WithContext(ctx),
		ctx:    ctx,
		svcCtx: svcCtx,
	}
}

func (l *CreateOrderLogic) CreateOrder(req *types.CreateOrderReq) (resp *types.Order, err error) {
	id, err := authctx.From(l.ctx)
	if err != nil {
		return nil, err
	}
	items := make([]*orderpb.CreateOrderItem, len(req.Items))
	for i, it := range req.Items {
		items[i] = &orderpb.CreateOrderItem{ProductId: it.ProductId, Quantity: it.Quantity}
	}
	out, err := l.svcCtx.OrderRpc.CreateOrder(l.ctx, &orderpb.CreateOrderReq{
		UserId:         id.UserID,
		IdempotencyKey: req.IdempotencyKey,
		Items:          items,
	})
	// The caller reads the stock it took at once, not when the change
	// reaches this replica's copy over inventory-rpc's stream.
	l.svcCtx.Products.Drop(productIDs(req.Items)...)
	if err != nil {
		return nil, err
	}
	o := present.Order(out.Order)
	return &o, nil
}

func productIDs(items []types.OrderItemReq) []int64 {
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.ProductId
	}
	return ids
}
