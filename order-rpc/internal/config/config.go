package config

import (
	"github.com/zeromicro/go-zero/core/stores/cache"
	"github.com/zeromicro/go-zero/zrpc"

	"github.com/zsuite/common/health"
	"github.com/zsuite/order-rpc/internal/saga"
)

type Config struct {
	zrpc.RpcServerConf
	// DataSource is the Postgres URL of order-rpc's own database.
	DataSource string
	// Cache is order-rpc's own Redis, for go-zero's model cache.
	Cache cache.CacheConf
	// Readiness serves /readyz, which checks Postgres, Redis and etcd.
	Readiness health.Config
	// MigrateOnStart applies migrations/ before serving.
	MigrateOnStart bool `json:",default=true"`
	// InventoryRpc is inventory-rpc, found through etcd.
	InventoryRpc zrpc.RpcClientConf
	// Saga tunes order placement, cancellation and the recovery loop.
	Saga saga.Config
}
