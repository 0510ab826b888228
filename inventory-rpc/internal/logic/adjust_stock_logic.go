package logic

import (
	"context"
	"errors"

	"github.com/zsuite/common/errx"
	"github.com/zsuite/inventory-rpc/internal/model"
	"github.com/zsuite/inventory-rpc/internal/svc"
	"github.com/zsuite/inventory-rpc/inventorypb"
	"github.com/zsuite/inventory-rpc/rules"

	"github.com/zeromicro/go-zero/core/logx"
)

type AdjustStockLogic struct {
	ctx    context.Context
	svcCtx *svc.ServiceContext
	logx.Logger
}

func NewAdjustStockLogic(ctx context.Context, svcCtx *svc.ServiceContext) *AdjustStockLogic {
	return &AdjustStockLogic{
		ctx:    ctx,
		svcCtx: svcCtx,
		Logger: logx.WithContext(ctx),
	}
}

// AdjustStock adds delta (negative, positive or 0) to a product's stock in one
// conditional update and returns the product after it. NOT_FOUND for an
// unknown product; CONFLICT, changing nothing, when the stock would become
// negative (or reach 2^53).
func (l *AdjustStockLogic) AdjustStock(in *inventorypb.AdjustStockReq) (*inventorypb.AdjustStockResp, error) {
	if err := rules.StockAdjustment(in); err != nil {
		return nil, err
	}
	p, err := l.svcCtx.Products.AdjustStock(l.ctx, in.ProductId, in.Delta)
	switch {
	case errors.Is(err, model.ErrNotFound):
		return nil, errx.Newf(errx.NotFound, "product %d not found", in.ProductId)
	case errors.Is(err, model.ErrStockOutOfRange):
		return nil, errx.Newf(errx.Conflict, "stock of product %d cannot change by %d: it would be negative or too large", in.ProductId, in.Delta)
	case err != nil:
		return nil, err
	}
	return &inventorypb.AdjustStockResp{Product: toProduct(p)}, nil
}
