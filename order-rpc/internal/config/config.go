package config

import (
	"github.com/zeromicro/go-zero/zrpc"

	"github.com/zsuite/common/rpcx"
	"github.com/zsuite/order-rpc/internal/catalogue"
	"github.com/zsuite/order-rpc/internal/saga"
)

type Config struct {
	// The suite's RPC service settings: server, database, cache, readiness, migrations.
	rpcx.Conf
	// InventoryRpc is inventory-rpc, found through etcd.
	InventoryRpc zrpc.RpcClientConf
	// Catalogue tunes the copy of product names and prices orders are priced with.
	Catalogue catalogue.Config
	// Saga tunes order placement, cancellation and the recovery loop.
	Saga saga.Config
}
