// Code scaffolded by goctl. Safe to edit.
// goctl 1.10.2

package product

import (
	"context"
	"github.com/zsuite/common/errx"
	"github.com/zsuite/inventory-rpc/inventorypb"
	"github.com/zsuite/user-api/internal/present"

	"github.com/zsuite/user-api/internal/svc"
	"github.com/zsuite/user-api/internal/types"

	"github.com/zeromicro/go-zero/core/logx"
)

type GetProductLogic struct {
	logx.Logger
	ctx    context.Context
	svcCtx *svc.ServiceContext
}

// One product. 404 NOT_FOUND.
func NewGetProductLogic(ctx context.Context, svcCtx *svc.ServiceContext) *GetProductLogic {
	return &GetProductLogic{
		Logger: logx.WithContext(ctx),
		ctx:    ctx,
		svcCtx: svcCtx,
	}
}

func (l *GetProductLogic) GetProduct(req *types.ProductReq) (resp *types.Product, err error) {
	p, err := l.svcCtx.Products.Get(req.Id, func() (types.Product, error) {
		out, err := l.svcCtx.InventoryRpc.GetProducts(l.ctx, &inventorypb.GetProductsReq{Ids: []int64{req.Id}})
		if err != nil {
			return types.Product{}, err
		}
		if len(out.Products) == 0 {
			return types.Product{}, errx.New(errx.NotFound, "product not found")
		}
		return present.Product(out.Products[0]), nil
	})
	if err != nil {
		return nil, err
	}
	return &p, nil
}
