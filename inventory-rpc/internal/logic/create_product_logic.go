package logic

import (
	"context"
	"fmt"

	"github.com/zsuite/inventory-rpc/internal/model"
	"github.com/zsuite/inventory-rpc/internal/svc"
	"github.com/zsuite/inventory-rpc/inventorypb"
	"github.com/zsuite/inventory-rpc/rules"

	"github.com/zeromicro/go-zero/core/logx"
)

type CreateProductLogic struct {
	ctx    context.Context
	svcCtx *svc.ServiceContext
	logx.Logger
}

func NewCreateProductLogic(ctx context.Context, svcCtx *svc.ServiceContext) *CreateProductLogic {
	return &CreateProductLogic{
		ctx:    ctx,
		svcCtx: svcCtx,
		Logger: logx.WithContext(ctx),
	}
}

// CreateProduct adds a product to the catalogue with its first stock.
// INVALID_ARGUMENT for a blank or too long name, a too long description, or a
// negative price or stock.
func (l *CreateProductLogic) CreateProduct(in *inventorypb.CreateProductReq) (*inventorypb.CreateProductResp, error) {
	if err := rules.NewProduct(in); err != nil {
		return nil, err
	}
	p := &model.Products{Name: in.Name, Description: in.Description, PriceCents: in.PriceCents, Stock: in.Stock}
	if err := l.svcCtx.Products.Create(l.ctx, p); err != nil {
		return nil, fmt.Errorf("create product: %w", err)
	}
	return &inventorypb.CreateProductResp{Product: toProduct(p)}, nil
}
