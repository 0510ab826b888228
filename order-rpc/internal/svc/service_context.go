package svc

import (
	"github.com/zeromicro/go-zero/core/stores/redis"
	"github.com/zeromicro/go-zero/core/stores/sqlx"
	"github.com/zsuite/common/cachex"
	"github.com/zsuite/common/rpcx"

	"github.com/zsuite/inventory-rpc/inventory"
	"github.com/zsuite/order-rpc/internal/catalogue"
	"github.com/zsuite/order-rpc/internal/config"
	"github.com/zsuite/order-rpc/internal/model"
	"github.com/zsuite/order-rpc/internal/saga"
)

type ServiceContext struct {
	Config    config.Config
	DB        sqlx.SqlConn
	Redis     *redis.Redis
	Orders    model.OrdersModel
	Catalogue *catalogue.Catalogue
	Saga      *saga.Saga
}

func NewServiceContext(c config.Config) *ServiceContext {
	// Its breaker counts Postgres being down only, never an answer (a taken
	// key, OUT_OF_STOCK): rpcx.NewDB.
	db := rpcx.NewDB(c.DataSource)
	orders := model.NewOrdersModel(db, cachex.New(c.Cache))
	inv := inventory.NewInventory(rpcx.MustNewClient(c.InventoryRpc))
	return &ServiceContext{
		Config:    c,
		DB:        db,
		Redis:     redis.MustNewRedis(c.Cache[0].RedisConf),
		Orders:    orders,
		Catalogue: catalogue.New(c.Catalogue, inv, c.Saga.CallTimeout),
		Saga:      saga.New(c.Saga, orders, inv),
	}
}
