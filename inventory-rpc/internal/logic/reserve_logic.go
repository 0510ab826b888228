package logic

import (
	"context"

	"github.com/zsuite/inventory-rpc/internal/svc"
	"github.com/zsuite/inventory-rpc/inventorypb"

	"github.com/zeromicro/go-zero/core/logx"
)

type ReserveLogic struct {
	ctx    context.Context
	svcCtx *svc.ServiceContext
	logx.Logger
}

func NewReserveLogic(ctx context.Context, svcCtx *svc.ServiceContext) *ReserveLogic {
	return &ReserveLogic{
		ctx:    ctx,
		svcCtx: svcCtx,
		Logger: logx.WithContext(ctx),
	}
}

// Reserve takes stock for every line of an order, all or none. Idempotent by
func (l *ReserveLogic) Reserve(in *inventorypb.ReserveReq) (*inventorypb.ReserveResp, error) {
	// todo: add your logic here and delete this line

	return &inventorypb.ReserveResp{}, nil
}
