package logic

import (
	"context"

	"github.com/zsuite/inventory-rpc/internal/svc"
	"github.com/zsuite/inventory-rpc/inventorypb"
	"github.com/zsuite/inventory-rpc/rules"

	"github.com/zeromicro/go-zero/core/logx"
)

type ListProductsLogic struct {
	ctx    context.Context
	svcCtx *svc.ServiceContext
	logx.Logger
}

func NewListProductsLogic(ctx context.Context, svcCtx *svc.ServiceContext) *ListProductsLogic {
	return &ListProductsLogic{
		ctx:    ctx,
		svcCtx: svcCtx,
		Logger: logx.WithContext(ctx),
	}
}

// ListProducts returns one page of the catalogue in id order, read from the
// database (not the cache), and the number of products in all.
// INVALID_ARGUMENT unless page >= 1 and page_size is 1 to 100.
func (l *ListProductsLogic) ListProducts(in *inventorypb.ListProductsReq) (*inventorypb.ListProductsResp, error) {
	offset, err := rules.Page(in)
	if err != nil {
		return nil, err
	}
	page, total, err := l.svcCtx.Products.List(l.ctx, in.PageSize, offset)
	if err != nil {
		return nil, err
	}
	items := make([]*inventorypb.Product, 0, len(page))
	for _, p := range page {
		items = append(items, toProduct(p))
	}
	return &inventorypb.ListProductsResp{Items: items, Total: total}, nil
}
