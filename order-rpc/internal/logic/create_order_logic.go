package logic

import (
	"context"
	"errors"
	"time"

	"github.com/zsuite/common/bounds"
	"github.com/zsuite/common/errx"
	"github.com/zsuite/order-rpc/internal/model"
	"github.com/zsuite/order-rpc/internal/saga"

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

// CreateOrder records an order, reserves its stock and settles it: the steps
// are numbered below; saga.Settle decides what each answer of inventory-rpc
// makes of the order.
func (l *CreateOrderLogic) CreateOrder(in *orderpb.CreateOrderReq) (*orderpb.CreateOrderResp, error) {
	items := make([]saga.Item, len(in.Items))
	for i, it := range in.Items {
		items[i] = saga.Item{ProductID: it.ProductId, Quantity: it.Quantity}
	}
	if err := saga.ValidateCreate(in.UserId, in.IdempotencyKey, items); err != nil {
		return nil, err
	}
	hash := saga.RequestHash(items)

	// 1. Copy names and prices from the catalogue.
	lines, total, err := l.price(items)
	if err != nil {
		// A retry of an order recorded before its product went away is
		// answered with that order, not refused.
		if o, findErr := l.svcCtx.Orders.FindByKey(l.ctx, in.UserId, in.IdempotencyKey); findErr == nil {
			return l.resume(o, hash)
		}
		return nil, err
	}

	// 2. Record the order before any stock is touched. A retry (or the same
	// request sent twice at once) finds the key taken, and the order its
	// first attempt recorded: nearly every key is new, so the key is looked
	// up only then.
	o := &model.Orders{
		UserId:         in.UserId,
		IdempotencyKey: in.IdempotencyKey,
		RequestHash:    hash,
		Status:         saga.Pending,
		TotalCents:     total,
		NextAttemptAt:  time.Now().Add(l.svcCtx.Config.Saga.Grace),
	}
	switch err := l.svcCtx.Orders.Create(l.ctx, o, lines); {
	case errors.Is(err, model.ErrDuplicateKey):
		first, err := l.svcCtx.Orders.FindByKey(l.ctx, in.UserId, in.IdempotencyKey)
		if err != nil {
			return nil, err
		}
		return l.resume(first, hash)
	case err != nil:
		return nil, err
	}

	// 3. Reserve the stock in inventory-rpc and settle the order.
	return l.settle(o, lines)
}

// resume answers a retry: the same order, settled as far as it can be now.
func (l *CreateOrderLogic) resume(o *model.Orders, hash string) (*orderpb.CreateOrderResp, error) {
	if o.RequestHash != hash {
		return nil, errx.New(errx.IdempotencyKeyReused, "this Idempotency-Key was used for a different order")
	}
	lines, err := l.svcCtx.Orders.Lines(l.ctx, []int64{o.Id})
	if err != nil {
		return nil, err
	}
	return l.settle(o, lines[o.Id])
}

func (l *CreateOrderLogic) settle(o *model.Orders, lines []*model.OrderLines) (*orderpb.CreateOrderResp, error) {
	o, err := l.svcCtx.Saga.Settle(l.ctx, o, lines)
	if err != nil {
		return nil, err
	}
	if o.Status == saga.Rejected {
		return nil, rejection(errx.Code(o.RejectCode))
	}
	return &orderpb.CreateOrderResp{Order: toOrderInfo(o, lines)}, nil
}

// price looks the items up in the catalogue and returns the order's lines
// and total. NOT_FOUND for an unknown product.
func (l *CreateOrderLogic) price(items []saga.Item) ([]*model.OrderLines, int64, error) {
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.ProductID
	}
	byID, err := l.svcCtx.Catalogue.Products(l.ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	lines := make([]*model.OrderLines, len(items))
	var total int64
	for i, it := range items {
		p, ok := byID[it.ProductID]
		if !ok {
			return nil, 0, errx.Newf(errx.NotFound, "product %d not found", it.ProductID)
		}
		if p.PriceCents > (maxTotalCents-total)/it.Quantity {
			return nil, 0, errx.New(errx.InvalidArgument, "the order's total is too large")
		}
		total += p.PriceCents * it.Quantity
		lines[i] = &model.OrderLines{ProductId: p.ID, Name: p.Name, PriceCents: p.PriceCents, Quantity: it.Quantity}
	}
	return lines, total, nil
}

// maxTotalCents keeps totals exact in JavaScript clients.
const maxTotalCents = bounds.MaxAmount

// rejection is the error a rejected order answers with, first time and on retry.
func rejection(code errx.Code) error {
	switch code {
	case errx.OutOfStock:
		return errx.New(errx.OutOfStock, "not enough stock for this order; nothing was reserved")
	case errx.NotFound:
		return errx.New(errx.NotFound, "a product in this order does not exist")
	default:
		return errx.New(errx.Unavailable, "the order could not be placed in time and was dropped; place it again with a new Idempotency-Key")
	}
}
