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

type RegisterLogic struct {
	ctx    context.Context
	svcCtx *svc.ServiceContext
	logx.Logger
}

func NewRegisterLogic(ctx context.Context, svcCtx *svc.ServiceContext) *RegisterLogic {
	return &RegisterLogic{
		ctx:    ctx,
		svcCtx: svcCtx,
		Logger: logx.WithContext(ctx),
	}
}

// Register creates a customer. ALREADY_EXISTS when the username is taken (case-insensitively).
func (l *RegisterLogic) Register(in *userpb.RegisterReq) (*userpb.RegisterResp, error) {
	if err := errors.Join(rules.Username(in.Username), rules.Password(in.Password), rules.Email(in.Email)); err != nil {
		return nil, firstRuleError(err)
	}
	hash, err := password.Hash(in.Password, l.svcCtx.Config.BcryptCost)
	if err != nil {
		return nil, err
	}
	u := &model.Users{
		Username:     in.Username,
		UsernameKey:  rules.UsernameKey(in.Username),
		Email:        in.Email,
		PasswordHash: hash,
		Role:         rules.RoleCustomer,
	}
	if err := l.svcCtx.Users.Create(l.ctx, u); err != nil {
		if errors.Is(err, model.ErrDuplicateUsername) {
			return nil, errx.New(errx.AlreadyExists, "username is taken")
		}
		return nil, fmt.Errorf("create user: %w", err)
	}
	return &userpb.RegisterResp{User: toUserInfo(u)}, nil
}

// firstRuleError returns the first rule broken, so a client sees one message.
func firstRuleError(err error) error {
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		return joined.Unwrap()[0]
	}
	return err
}
