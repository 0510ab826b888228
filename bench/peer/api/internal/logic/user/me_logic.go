// Code scaffolded by goctl. Safe to edit.
// goctl 1.10.2

package user

import (
	"context"
	"encoding/json"
	"time"

	"github.com/zsuite/bench/peer/api/internal/svc"
	"github.com/zsuite/bench/peer/api/internal/types"
	"github.com/zsuite/bench/peer/rpc/usercenter"

	"github.com/zeromicro/go-zero/core/logx"
)

type MeLogic struct {
	logx.Logger
	ctx    context.Context
	svcCtx *svc.ServiceContext
}

func NewMeLogic(ctx context.Context, svcCtx *svc.ServiceContext) *MeLogic {
	return &MeLogic{
		Logger: logx.WithContext(ctx),
		ctx:    ctx,
		svcCtx: svcCtx,
	}
}

func (l *MeLogic) Me() (resp *types.User, err error) {
	// go-zero's JWT middleware puts the token's claims into the context;
	// numbers arrive as json.Number (go-zero-looklook's ctxdata.GetUidFromCtx).
	id, err := l.ctx.Value("userId").(json.Number).Int64()
	if err != nil {
		return nil, err
	}
	r, err := l.svcCtx.UsercenterRpc.GetUserInfo(l.ctx, &usercenter.GetUserInfoReq{Id: id})
	if err != nil {
		return nil, err
	}
	return &types.User{
		Id:        r.User.Id,
		Username:  r.User.Username,
		Email:     r.User.Email,
		Role:      r.User.Role,
		CreatedAt: time.Unix(r.User.CreatedAt, 0).UTC().Format(time.RFC3339),
	}, nil
}
