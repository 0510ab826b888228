package config

import (
	"github.com/zeromicro/go-zero/core/stores/cache"
	"github.com/zeromicro/go-zero/zrpc"

	"github.com/zsuite/common/health"
)

type Config struct {
	zrpc.RpcServerConf
	// DataSource is the Postgres URL of user-rpc's own database.
	DataSource string
	// Cache is user-rpc's own Redis, for go-zero's model cache.
	Cache cache.CacheConf
	// Readiness serves /readyz, which checks Postgres, Redis and etcd.
	Readiness health.Config
	// MigrateOnStart applies migrations/ before serving.
	MigrateOnStart bool `json:",default=true"`
	// BcryptCost is the work factor of password hashes.
	BcryptCost int `json:",default=10,range=[4:31]"`
	// Admin is seeded at start when it does not exist yet.
	Admin AdminConf
}

// AdminConf names the account seeded with the admin role. In dev and test
// modes the password defaults to admin12345; elsewhere an empty password
// seeds nothing.
type AdminConf struct {
	Username string `json:",optional"`
	Password string `json:",optional"`
}
