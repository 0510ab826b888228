// Code scaffolded by goctl. Safe to edit.
// goctl 1.10.2

package user

import (
	"context"
	"fmt"
	"github.com/zsuite/common/authctx"
	"github.com/zsuite/common/errx"
	"github.com/zsuite/user-rpc/rules"
	"github.com/zsuite/user-rpc/userpb"
	"strconv"
	"time"

	"github.com/zsuite/user-api/internal/svc"
	"github.com/zsuite/user-api/internal/types"

	"github.com/zeromicro/go-zero/core/logx"
)

type LoginLogic struct {
	logx.Logger
	ctx    context.Context
	svcCtx *svc.ServiceContext
}

// Log in. 401 UNAUTHENTICATED; 429 RATE_LIMITED after 5 failures for a username within 15 minutes.
func NewLoginLogic(ctx context.Context, svcCtx *svc.ServiceContext) *LoginLogic {
	return &LoginLogic{
		Logger: logx.WithContext(ctx),
		ctx:    ctx,
		svcCtx: svcCtx,
	}
}

func (l *LoginLogic) Login(req *types.LoginReq) (resp *types.LoginResp, err error) {
	refused := errx.New(errx.Unauthenticated, "invalid username or password")
	if rules.Username(req.Username) != nil {
		return nil, refused // no such account can exist; nothing to count
	}
	key := rules.UsernameKey(req.Username)
	failures, err := l.svcCtx.Redis.GetCtx(l.ctx, svc.LoginFailureKey(key))
	if err != nil {
		return nil, fmt.Errorf("read login failures: %w", err)
	}
	if n, _ := strconv.Atoi(failures); n >= l.svcCtx.Config.LoginLimit.Attempts {
		return nil, errx.New(errx.RateLimited, "too many failed logins for this username, try again later")
	}

	out, err := l.svcCtx.UserRpc.Login(l.ctx, &userpb.LoginReq{Username: req.Username, Password: req.Password})
	if errx.Is(err, errx.Unauthenticated) {
		if _, err := l.svcCtx.LoginFailures.TakeCtx(l.ctx, key); err != nil {
			return nil, fmt.Errorf("count login failure: %w", err)
		}
		return nil, refused
	}
	if err != nil {
		return nil, err
	}

	token, expiresAt, err := authctx.IssueToken(l.svcCtx.Config.Auth.AccessSecret,
		authctx.Identity{UserID: out.User.Id, Role: out.User.Role},
		time.Now(), time.Duration(l.svcCtx.Config.Auth.AccessExpire)*time.Second)
	if err != nil {
		return nil, err
	}
	return &types.LoginResp{AccessToken: token, ExpiresAt: expiresAt}, nil
}
