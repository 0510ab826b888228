// Code scaffolded by goctl. Safe to edit.
// goctl 1.10.2

package admin

import (
	"context"
	"github.com/zsuite/inventory-rpc/inventorypb"
	"github.com/zsuite/user-api/internal/present"

	"github.com/zsuite/user-api/internal/svc"
	"github.com/zsuite/user-api/internal/types"

	"github.com/zeromicro/go-zero/core/logx"
)

type AdjustStockLogic struct {
	logx.Logger
	ctx    context.Context
	svcCtx *svc.ServiceContext
}

// Add delta to a product's stock. 409 CONFLICT when the stock would become negative; nothing changes.
func NewAdjustStockLogic(ctx context.Context, svcCtx *svc.ServiceContext) *AdjustStockLogic {
	return &AdjustStockLogic{
		Logger: logx.WithContext(ctx),
		ctx:    ctx,
		svcCtx: svcCtx,
	}
}

func (l *AdjustStockLogic) AdjustStock(req *types.AdjustStockReq) (resp *types.Product, err error) {
	out, err := l.svcCtx.InventoryRpc.AdjustStock(l.ctx, &inventorypb.AdjustStockReq{ProductId: req.Id, Delta: req.Delta})
	// The admin reads the stock it set at once (createOrder says why).
	l.svcCtx.Products.Drop(req.Id)
	if err != nil {
		return nil, err
	}
	p := present.Product(out.Product)
	return &p, nil
}
