package logic

import (
	"context"

	"github.com/zsuite/inventory-rpc/internal/svc"
	"github.com/zsuite/inventory-rpc/inventorypb"

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

func (l *CreateProductLogic) CreateProduct(in *inventorypb.CreateProductReq) (*inventorypb.CreateProductResp, error) {
	// todo: add your logic here and delete this line

	return &inventorypb.CreateProductResp{}, nil
}
