package logic

import (
	"context"

	"github.com/zsuite/common/errx"
	"github.com/zsuite/common/rpcx"
	"github.com/zsuite/inventory-rpc/internal/model"
	"github.com/zsuite/inventory-rpc/internal/svc"
	"github.com/zsuite/inventory-rpc/inventorypb"

	"github.com/zeromicro/go-zero/core/logx"
)

type WatchProductsLogic struct {
	ctx    context.Context
	svcCtx *svc.ServiceContext
	logx.Logger
}

func NewWatchProductsLogic(ctx context.Context, svcCtx *svc.ServiceContext) *WatchProductsLogic {
	return &WatchProductsLogic{
		ctx:    ctx,
		svcCtx: svcCtx,
		Logger: logx.WithContext(ctx),
	}
}

// WatchProducts streams the changes of the products this replica's local
// cache is told (cachex.Local.Watch: every replica's, over inventory's Redis),
// until the caller leaves or the process stops.
func (l *WatchProductsLogic) WatchProducts(in *inventorypb.WatchProductsReq, stream inventorypb.Inventory_WatchProductsServer) error {
	if l.svcCtx.Local == nil {
		return errx.New(errx.Unavailable, "this replica follows no changes of the products: its local cache is off (LOCAL_CACHE)")
	}
	ctx, cancel := context.WithCancel(stream.Context())
	defer cancel()
	stop := rpcx.Stopping()
	select {
	case <-stop:
		return errx.New(errx.Unavailable, "inventory-rpc is stopping")
	default:
	}
	go func() {
		select {
		case <-stop:
			cancel()
		case <-ctx.Done():
		}
	}()
	err := l.svcCtx.Local.Watch(ctx, func(keys []string, live bool) error {
		ids := model.ProductIDs(keys)
		if len(keys) > 0 && len(ids) == 0 {
			return nil // reservations' keys only
		}
		return stream.Send(&inventorypb.ProductsChanged{Ids: ids, Live: live})
	})
	if ctx.Err() != nil && stream.Context().Err() == nil {
		return errx.New(errx.Unavailable, "inventory-rpc is stopping")
	}
	if err != nil && stream.Context().Err() == nil {
		l.Errorf("watch products: %v", err)
		return errx.New(errx.Unavailable, "the stream of changes ended: "+err.Error())
	}
	return err
}
