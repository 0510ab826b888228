package logic

import (
	"context"
	"errors"
	"fmt"

	"github.com/zsuite/inventory-rpc/internal/model"
	"github.com/zsuite/inventory-rpc/internal/svc"
	"github.com/zsuite/inventory-rpc/inventorypb"
	"github.com/zsuite/inventory-rpc/rules"

	"github.com/zeromicro/go-zero/core/logx"
)

type GetProductsLogic struct {
	ctx    context.Context
	svcCtx *svc.ServiceContext
	logx.Logger
}

func NewGetProductsLogic(ctx context.Context, svcCtx *svc.ServiceContext) *GetProductsLogic {
	return &GetProductsLogic{
		ctx:    ctx,
		svcCtx: svcCtx,
		Logger: logx.WithContext(ctx),
	}
}

// GetProducts returns the products of up to 100 ids, in the order asked for,
// each once; ids of no product are left out. Each product comes from the
// cache when it can (FindOne), so a batch is mostly a few Redis GETs.
// INVALID_ARGUMENT for more than 100 ids.
func (l *GetProductsLogic) GetProducts(in *inventorypb.GetProductsReq) (*inventorypb.GetProductsResp, error) {
	if err := rules.ProductIDs(in); err != nil {
		return nil, err
	}
	products := make([]*inventorypb.Product, 0, len(in.Ids))
	seen := make(map[int64]bool, len(in.Ids))
	for _, id := range in.Ids {
		if rules.ID("id", id) != nil || seen[id] {
			continue
		}
		seen[id] = true
		p, err := l.svcCtx.Products.FindOne(l.ctx, id)
		switch {
		case errors.Is(err, model.ErrNotFound):
			continue
		case err != nil:
			return nil, fmt.Errorf("find product %d: %w", id, err)
		}
		products = append(products, toProduct(p))
	}
	return &inventorypb.GetProductsResp{Products: products}, nil
}
