package logic

import (
	"context"

	"github.com/zsuite/inventory-rpc/internal/svc"
	"github.com/zsuite/inventory-rpc/inventorypb"

	"github.com/zeromicro/go-zero/core/logx"
)

type ReleaseLogic struct {
	ctx    context.Context
	svcCtx *svc.ServiceContext
	logx.Logger
}

func NewReleaseLogic(ctx context.Context, svcCtx *svc.ServiceContext) *ReleaseLogic {
	return &ReleaseLogic{
		ctx:    ctx,
		svcCtx: svcCtx,
		Logger: logx.WithContext(ctx),
	}
}

// Release returns an order's reserved stock. Idempotent by order id; a
func (l *ReleaseLogic) Release(in *inventorypb.ReleaseReq) (*inventorypb.ReleaseResp, error) {
	// todo: add your logic here and delete this line

	return &inventorypb.ReleaseResp{}, nil
}
