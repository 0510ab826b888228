package logic

import (
	"context"

	"github.com/zsuite/inventory-rpc/internal/svc"
	"github.com/zsuite/inventory-rpc/inventorypb"

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

func (l *GetProductsLogic) GetProducts(in *inventorypb.GetProductsReq) (*inventorypb.GetProductsResp, error) {
	// todo: add your logic here and delete this line

	return &inventorypb.GetProductsResp{}, nil
}
