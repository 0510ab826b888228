package logic

import (
	"context"

	"github.com/zsuite/inventory-rpc/internal/svc"
	"github.com/zsuite/inventory-rpc/inventorypb"

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

func (l *ListProductsLogic) ListProducts(in *inventorypb.ListProductsReq) (*inventorypb.ListProductsResp, error) {
	// todo: add your logic here and delete this line

	return &inventorypb.ListProductsResp{}, nil
}
