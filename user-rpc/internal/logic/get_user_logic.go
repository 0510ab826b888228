package logic

import (
	"context"
	"errors"
	"fmt"
	"github.com/zsuite/common/bounds"
	"github.com/zsuite/common/errx"
	"github.com/zsuite/user-rpc/internal/model"

	"github.com/zsuite/user-rpc/internal/svc"
	"github.com/zsuite/user-rpc/userpb"

	"github.com/zeromicro/go-zero/core/logx"
)

type GetUserLogic struct {
	ctx    context.Context
	svcCtx *svc.ServiceContext
	logx.Logger
}

func NewGetUserLogic(ctx context.Context, svcCtx *svc.ServiceContext) *GetUserLogic {
	return &GetUserLogic{
		ctx:    ctx,
		svcCtx: svcCtx,
		Logger: logx.WithContext(ctx),
	}
}

func (l *GetUserLogic) GetUser(in *userpb.GetUserReq) (*userpb.GetUserResp, error) {
	if err := bounds.ID("id", in.Id); err != nil {
		return nil, err
	}
	u, err := l.svcCtx.Users.FindOne(l.ctx, in.Id)
	switch {
	case errors.Is(err, model.ErrNotFound):
		return nil, errx.New(errx.NotFound, "user not found")
	case err != nil:
		return nil, fmt.Errorf("find user %d: %w", in.Id, err)
	}
	return &userpb.GetUserResp{User: toUserInfo(u)}, nil
}
