// Code scaffolded by goctl. Safe to edit.
// goctl 1.10.2

package user

import (
	"context"
	"time"

	"github.com/zeromicro/go-zero/core/limit"

	"github.com/zsuite/common/errx"
	"github.com/zsuite/user-api/internal/authctx"
	"github.com/zsuite/user-api/internal/ratelimit"
	"github.com/zsuite/user-rpc/rules"
	"github.com/zsuite/user-rpc/userpb"

	"github.com/zsuite/user-api/internal/svc"
	"github.com/zsuite/user-api/internal/types"

	"github.com/zeromicro/go-zero/core/logx"
)

type LoginLogic struct {
	logx.Logger
	ctx    context.Context
	svcCtx *svc.ServiceContext
}

// Log in. 401 UNAUTHENTICATED; 429 RATE_LIMITED (with Retry-After) once 5 attempts that were not successful logins were made for a username within 15 minutes, however they are timed; 503 UNAVAILABLE when the limiter's store is down (logins fail closed).
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
	// The attempt is counted before the password is checked, in one atomic
	// step: however many attempts arrive at once, no more than the quota
	// reach the check.
	switch verdict, err := l.svcCtx.TakeLoginAttempt(l.ctx, key); {
	case err != nil:
		// Without its counter the limiter cannot hold: logins fail closed.
		l.Errorf("login limiter: %v", err)
		return nil, errx.New(errx.Unavailable, "logins are unavailable for a moment, try again later")
	case verdict == limit.OverQuota:
		ratelimit.Rejected.Inc("login")
		e := errx.New(errx.RateLimited, "too many failed logins for this username, try again later")
		e.RetryAfter = l.svcCtx.LoginAttemptsResetIn(l.ctx, key)
		return nil, e
	}

	out, err := l.svcCtx.UserRpc.Login(l.ctx, &userpb.LoginReq{Username: req.Username, Password: req.Password})
	if errx.Is(err, errx.Unauthenticated) {
		return nil, refused // the attempt stays counted
	}
	if err != nil {
		// The attempt stays counted too: a call that timed out may well
		// have checked the password, and giving it back would let a client
		// that slows user-rpc down guess beyond the quota.
		return nil, err
	}
	// A successful login gives its attempt back.
	l.svcCtx.RefundLoginAttempt(l.ctx, key)

	token, expiresAt, err := authctx.IssueToken(l.svcCtx.Config.Auth.AccessSecret,
		authctx.Identity{UserID: out.User.Id, Role: out.User.Role},
		time.Now(), time.Duration(l.svcCtx.Config.Auth.AccessExpire)*time.Second)
	if err != nil {
		return nil, err
	}
	return &types.LoginResp{AccessToken: token, ExpiresAt: expiresAt}, nil
}
