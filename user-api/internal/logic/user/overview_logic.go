// Code scaffolded by goctl. Safe to edit.
// goctl 1.10.2

package user

import (
	"context"
	"errors"

	"github.com/zeromicro/go-zero/core/mr"
	"github.com/zsuite/common/errx"
	"github.com/zsuite/order-rpc/orderpb"
	"github.com/zsuite/user-api/internal/authctx"
	"github.com/zsuite/user-api/internal/present"

	"github.com/zsuite/user-api/internal/svc"
	"github.com/zsuite/user-api/internal/types"

	"github.com/zeromicro/go-zero/core/logx"
)

type OverviewLogic struct {
	logx.Logger
	ctx    context.Context
	svcCtx *svc.ServiceContext
}

// The caller and their five most recent orders, fetched in parallel. When the orders cannot be read (order-rpc unavailable), 200 with the user, no orders and ordersUnavailable true.
func NewOverviewLogic(ctx context.Context, svcCtx *svc.ServiceContext) *OverviewLogic {
	return &OverviewLogic{
		Logger: logx.WithContext(ctx),
		ctx:    ctx,
		svcCtx: svcCtx,
	}
}

func (l *OverviewLogic) Overview() (resp *types.Overview, err error) {
	id, err := authctx.From(l.ctx)
	if err != nil {
		return nil, err
	}
	var (
		u      types.User
		orders *orderpb.ListOrdersResp
		// ordersErr is why the orders are missing; the user is not optional.
		ordersErr error
	)
	// The user and their orders live in two services: ask both at once.
	err = mr.Finish(func() (err error) {
		u, err = l.svcCtx.Accounts.Get(l.ctx, id.UserID)
		return err
	}, func() error {
		orders, ordersErr = l.svcCtx.OrderRpc.ListOrders(l.ctx, &orderpb.ListOrdersReq{UserId: id.UserID, Page: 1, PageSize: recentOrders})
		return nil
	})
	if errors.Is(err, authctx.NoSuchAccount) {
		return nil, errx.New(errx.Unauthenticated, "the account of this token no longer exists")
	}
	if err != nil {
		return nil, err
	}
	resp = &types.Overview{User: u, RecentOrders: []types.Order{}}
	switch {
	case ordersErr == nil:
		resp.RecentOrders = present.Orders(orders.Items)
	case errx.Is(ordersErr, errx.Unavailable):
		// A partial answer beats none: the user, and a word that the orders
		// are missing.
		l.Infof("overview without orders: %v", ordersErr)
		resp.OrdersUnavailable = true
	default:
		return nil, ordersErr
	}
	return resp, nil
}

// recentOrders is how many orders the overview shows.
const recentOrders = 5
