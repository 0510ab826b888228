package logic

import (
	"context"
	"errors"
	"fmt"
	"github.com/zsuite/common/errx"
	"github.com/zsuite/user-rpc/internal/model"
	"github.com/zsuite/user-rpc/internal/password"
	"github.com/zsuite/user-rpc/rules"

	"github.com/zsuite/user-rpc/internal/svc"
	"github.com/zsuite/user-rpc/userpb"

	"github.com/zeromicro/go-zero/core/logx"
)

type LoginLogic struct {
	ctx    context.Context
	svcCtx *svc.ServiceContext
	logx.Logger
}

func NewLoginLogic(ctx context.Context, svcCtx *svc.ServiceContext) *LoginLogic {
	return &LoginLogic{
		ctx:    ctx,
		svcCtx: svcCtx,
		Logger: logx.WithContext(ctx),
	}
}

// Login verifies credentials. UNAUTHENTICATED, with one message, for an unknown user or a wrong password.
func (l *LoginLogic) Login(in *userpb.LoginReq) (*userpb.LoginResp, error) {
	// One answer for every failure, so that it tells nobody which usernames exist.
	refused := errx.New(errx.Unauthenticated, "invalid username or password")
	if rules.Username(in.Username) != nil || len(in.Password) > rules.MaxPasswordBytes {
		return nil, refused
	}
	u, err := l.svcCtx.Users.FindOneByUsernameKey(l.ctx, rules.UsernameKey(in.Username))
	hash := ""
	switch {
	case err == nil:
		hash = u.PasswordHash
	case !errors.Is(err, model.ErrNotFound):
		return nil, fmt.Errorf("find user: %w", err)
	}
	ok, err := password.Verify(hash, in.Password, l.svcCtx.Config.BcryptCost)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, refused
	}
	return &userpb.LoginResp{User: toUserInfo(u)}, nil
}
