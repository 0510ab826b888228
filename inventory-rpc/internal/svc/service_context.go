package svc

import (
	"time"

	"github.com/zeromicro/go-zero/core/stores/cache"
	"github.com/zeromicro/go-zero/core/stores/postgres"
	"github.com/zeromicro/go-zero/core/stores/redis"
	"github.com/zeromicro/go-zero/core/stores/sqlx"

	"github.com/zsuite/inventory-rpc/internal/config"
	"github.com/zsuite/inventory-rpc/internal/model"
)

// productCacheExpiry bounds how long a product's cached copy lives. Every
// stock change deletes it right after its commit; the expiry bounds the rare
// race in which a read that began before the commit caches the old stock just
// after that delete, so stock shown is never staler than about a second.
// go-zero varies it by ±5% and Redis keeps whole seconds, rounded up: 900ms
// is stored as one second.
const productCacheExpiry = 900 * time.Millisecond

type ServiceContext struct {
	Config       config.Config
	DB           sqlx.SqlConn
	Redis        *redis.Redis
	Products     model.ProductsModel
	Reservations model.ReservationsModel
}

func NewServiceContext(c config.Config) *ServiceContext {
	// OUT_OF_STOCK and its kind are answers, not database failures: the
	// circuit breaker must not count them.
	db := postgres.New(c.DataSource, sqlx.WithAcceptable(model.Acceptable))
	return &ServiceContext{
		Config:       c,
		DB:           db,
		Redis:        redis.MustNewRedis(c.Cache[0].RedisConf),
		Products:     model.NewProductsModel(db, c.Cache, cache.WithExpiry(productCacheExpiry)),
		Reservations: model.NewReservationsModel(db, c.Cache),
	}
}
