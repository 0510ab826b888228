// Code scaffolded by goctl. Safe to edit.
// goctl 1.10.2

package product

import (
	"context"
	"github.com/zsuite/inventory-rpc/inventorypb"
	"github.com/zsuite/user-api/internal/present"

	"github.com/zsuite/user-api/internal/svc"
	"github.com/zsuite/user-api/internal/types"

	"github.com/zeromicro/go-zero/core/logx"
)

type ListProductsLogic struct {
	logx.Logger
	ctx    context.Context
	svcCtx *svc.ServiceContext
}

// The catalogue, by id. 400 INVALID_ARGUMENT for pageSize outside 1 to 100.
func NewListProductsLogic(ctx context.Context, svcCtx *svc.ServiceContext) *ListProductsLogic {
	return &ListProductsLogic{
		Logger: logx.WithContext(ctx),
		ctx:    ctx,
		svcCtx: svcCtx,
	}
}

func (l *ListProductsLogic) ListProducts(req *types.ListProductsReq) (resp *types.ListProductsResp, err error) {
	out, err := l.svcCtx.InventoryRpc.ListProducts(l.ctx, &inventorypb.ListProductsReq{Page: req.Page, PageSize: req.PageSize})
	if err != nil {
		return nil, err
	}
	return &types.ListProductsResp{Items: present.Products(out.Items), Total: out.Total}, nil
}
