package svc

import (
	"github.com/zeromicro/go-zero/core/stores/postgres"
	"github.com/zeromicro/go-zero/core/stores/redis"
	"github.com/zeromicro/go-zero/core/stores/sqlx"

	"github.com/zsuite/common/sqlerr"
	"github.com/zsuite/user-rpc/internal/config"
	"github.com/zsuite/user-rpc/internal/model"
)

type ServiceContext struct {
	Config config.Config
	DB     sqlx.SqlConn
	Redis  *redis.Redis
	Users  model.UsersModel
}

func NewServiceContext(c config.Config) *ServiceContext {
	// A taken username or idempotency key is an answer: the breaker must not count it.
	db := postgres.New(c.DataSource, sqlx.WithAcceptable(sqlerr.Acceptable))
	return &ServiceContext{
		Config: c,
		DB:     db,
		Redis:  redis.MustNewRedis(c.Cache[0].RedisConf),
		Users:  model.NewUsersModel(db, c.Cache),
	}
}
