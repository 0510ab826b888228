package logic

import (
	"context"
	"errors"
	"fmt"
	"github.com/zsuite/common/errx"
	"github.com/zsuite/user-rpc/internal/model"

	"github.com/zsuite/user-rpc/internal/svc"
	"github.com/zsuite/user-rpc/userpb"

	"github.com/zeromicro/go-zero/core/logx"
)

type GetUsersLogic struct {
	ctx    context.Context
	svcCtx *svc.ServiceContext
	logx.Logger
}

func NewGetUsersLogic(ctx context.Context, svcCtx *svc.ServiceContext) *GetUsersLogic {
	return &GetUsersLogic{
		ctx:    ctx,
		svcCtx: svcCtx,
		Logger: logx.WithContext(ctx),
	}
}

func (l *GetUsersLogic) GetUsers(in *userpb.GetUsersReq) (*userpb.GetUsersResp, error) {
	if len(in.Ids) > maxBatch {
		return nil, errx.Newf(errx.InvalidArgument, "at most %d ids at once", maxBatch)
	}
	// Each row comes from the cache when it can, so a batch is a few Redis GETs.
	users := make([]*userpb.UserInfo, 0, len(in.Ids))
	seen := make(map[int64]bool, len(in.Ids))
	for _, id := range in.Ids {
		if id <= 0 || seen[id] {
			continue
		}
		seen[id] = true
		u, err := l.svcCtx.Users.FindOne(l.ctx, id)
		switch {
		case errors.Is(err, model.ErrNotFound):
			continue
		case err != nil:
			return nil, fmt.Errorf("find user %d: %w", id, err)
		}
		users = append(users, toUserInfo(u))
	}
	return &userpb.GetUsersResp{Users: users}, nil
}

// maxBatch bounds one GetUsers call.
const maxBatch = 100
