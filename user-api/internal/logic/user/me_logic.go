// Code scaffolded by goctl. Safe to edit.
// goctl 1.10.2

package user

import (
	"context"
	"errors"

	"github.com/zsuite/common/errx"
	"github.com/zsuite/user-api/internal/authctx"
	"github.com/zsuite/user-api/internal/svc"
	"github.com/zsuite/user-api/internal/types"

	"github.com/zeromicro/go-zero/core/logx"
)

type MeLogic struct {
	logx.Logger
	ctx    context.Context
	svcCtx *svc.ServiceContext
}

// The caller's profile. 401 UNAUTHENTICATED without a valid token.
func NewMeLogic(ctx context.Context, svcCtx *svc.ServiceContext) *MeLogic {
	return &MeLogic{
		Logger: logx.WithContext(ctx),
		ctx:    ctx,
		svcCtx: svcCtx,
	}
}

func (l *MeLogic) Me() (resp *types.User, err error) {
	id, err := authctx.From(l.ctx)
	if err != nil {
		return nil, err
	}
	u, err := l.svcCtx.Accounts.Get(l.ctx, id.UserID)
	if errors.Is(err, authctx.NoSuchAccount) {
		return nil, errx.New(errx.Unauthenticated, "the account of this token no longer exists")
	}
	if err != nil {
		return nil, err
	}
	return &u, nil
}
