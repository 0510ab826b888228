// Code scaffolded by goctl. Safe to edit.
// goctl 1.10.2

package svc

import (
	"github.com/zeromicro/go-zero/core/limit"
	"github.com/zeromicro/go-zero/core/stores/redis"
	"github.com/zeromicro/go-zero/rest"
	"github.com/zsuite/common/rpcx"

	"github.com/zsuite/common/health"
	"github.com/zsuite/inventory-rpc/inventory"
	"github.com/zsuite/order-rpc/order"
	"github.com/zsuite/user-api/internal/config"
	"github.com/zsuite/user-api/internal/middleware"
	"github.com/zsuite/user-rpc/user"
)

// loginFailurePrefix keys the failed-login counters in Redis.
const loginFailurePrefix = "login:failures:"

type ServiceContext struct {
	Config config.Config
	Redis  *redis.Redis
	// LoginFailures counts failed logins per username key.
	LoginFailures *limit.PeriodLimit
	UserRpc       user.User
	OrderRpc      order.Order
	InventoryRpc  inventory.Inventory
	AdminOnly     rest.Middleware
}

func NewServiceContext(c config.Config) *ServiceContext {
	rds := redis.MustNewRedis(c.Redis)
	return &ServiceContext{
		Config:        c,
		Redis:         rds,
		LoginFailures: limit.NewPeriodLimit(int(c.LoginLimit.Window.Seconds()), c.LoginLimit.Attempts, rds, loginFailurePrefix),
		UserRpc:       user.NewUser(rpcx.MustNewClient(c.UserRpc)),
		OrderRpc:      order.NewOrder(rpcx.MustNewClient(c.OrderRpc)),
		InventoryRpc:  inventory.NewInventory(rpcx.MustNewClient(c.InventoryRpc)),
		AdminOnly:     middleware.NewAdminOnlyMiddleware().Handle,
	}
}

// LoginFailureKey is the Redis key LoginFailures counts under for usernameKey.
func LoginFailureKey(usernameKey string) string { return loginFailurePrefix + usernameKey }

// Readiness checks user-api's own dependencies: its Redis and etcd.
func (s *ServiceContext) Readiness() (*health.Checker, func(), error) {
	etcd, closeEtcd, err := health.Etcd(s.Config.UserRpc.Etcd.Hosts)
	if err != nil {
		return nil, nil, err
	}
	return health.NewChecker(s.Config.Readiness.Timeout, map[string]health.Check{
		"redis": health.Redis(s.Redis),
		"etcd":  etcd,
	}), closeEtcd, nil
}
