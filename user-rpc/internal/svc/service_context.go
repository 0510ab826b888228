package svc

import (
	"github.com/zeromicro/go-zero/core/stores/redis"
	"github.com/zeromicro/go-zero/core/stores/sqlx"

	"github.com/zsuite/common/cachex"
	"github.com/zsuite/common/rpcx"

	"github.com/zsuite/user-rpc/internal/config"
	"github.com/zsuite/user-rpc/internal/model"
)

type ServiceContext struct {
	Config config.Config
	DB     sqlx.SqlConn
	Redis  *redis.Redis
	Users  model.UsersModel
	// Local is the process-local copy of the users (nil when config
	// LocalCache is off).
	Local *cachex.Local
}

func NewServiceContext(c config.Config) *ServiceContext {
	// Its breaker counts Postgres being down only, never an answer (a taken
	// key, OUT_OF_STOCK): rpcx.NewDB.
	db := rpcx.NewDB(c.DataSource)
	local := cachex.MustNewLocal(c.Cache, c.LocalCache, "users")
	return &ServiceContext{
		Config: c,
		DB:     db,
		Redis:  redis.MustNewRedis(c.Cache[0].RedisConf),
		Users:  model.NewUsersModel(db, local.Front(c.Cache)),
		Local:  local,
	}
}
