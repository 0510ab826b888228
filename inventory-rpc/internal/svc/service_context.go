package svc

import (
	"time"

	"github.com/zeromicro/go-zero/core/stores/cache"
	"github.com/zeromicro/go-zero/core/stores/redis"
	"github.com/zeromicro/go-zero/core/stores/sqlx"

	"github.com/zsuite/common/cachex"
	"github.com/zsuite/common/rpcx"

	"github.com/zsuite/inventory-rpc/internal/config"
	"github.com/zsuite/inventory-rpc/internal/model"
)

// productCacheExpiry bounds how long a product's cached copy lives. Every
// stock change deletes it right after its commit and once more
// model.SecondDeleteDelay (a second) later. A read that began before the
// commit may cache the old stock just after the first delete; the second
// delete drops it, so stock shown is staler than about a second only when
// that read took longer than the delay to store it, or when the process died
// before its second delete: then the stale copy lives until this expiry. It is
// only the stock shown (GetProducts); Reserve never reads the cache, it checks
// the stock in SQL. A minute keeps that worst case short while the catalogue's
// reads are nearly all hits (a product is read from Postgres about once a
// minute, or after a change of it). go-zero varies it by ±5%.
const productCacheExpiry = time.Minute

type ServiceContext struct {
	Config   config.Config
	DB       sqlx.SqlConn
	Redis    *redis.Redis
	Products model.ProductsModel
	// Local is the process-local copy of the products (nil when config
	// LocalCache is off); reservations' deletes go through it too, as they
	// drop the products whose stock they change.
	Local        *cachex.Local
	Reservations model.ReservationsModel
}

func NewServiceContext(c config.Config) *ServiceContext {
	// Its breaker counts Postgres being down only, never an answer (a taken
	// key, OUT_OF_STOCK): rpcx.NewDB.
	db := rpcx.NewDB(c.DataSource)
	local := cachex.MustNewLocal(c.Cache, c.LocalCache, "inventory")
	return &ServiceContext{
		Config:       c,
		DB:           db,
		Redis:        redis.MustNewRedis(c.Cache[0].RedisConf),
		Products:     model.NewProductsModel(db, local.Front(c.Cache, cache.WithExpiry(productCacheExpiry))),
		Reservations: model.NewReservationsModel(db, local.Front(c.Cache)),
		Local:        local,
	}
}
