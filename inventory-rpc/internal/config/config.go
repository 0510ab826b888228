package config

import (
	"github.com/zeromicro/go-zero/core/stores/cache"
	"github.com/zeromicro/go-zero/zrpc"

	"github.com/zsuite/common/health"
)

type Config struct {
	zrpc.RpcServerConf
	// DataSource is the Postgres URL of the service's own database.
	DataSource string
	// Cache is the service's own Redis, for go-zero's model cache.
	Cache cache.CacheConf
	// Readiness serves /readyz, which checks Postgres, Redis and etcd.
	Readiness health.Config
	// MigrateOnStart applies migrations/ before serving.
	MigrateOnStart bool `json:",default=true"`
	// DemoCatalogue loads a dozen demo products at start when there are none.
	DemoCatalogue bool `json:",default=false"`
}
