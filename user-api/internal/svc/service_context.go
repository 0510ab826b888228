// Code scaffolded by goctl. Safe to edit.
// goctl 1.10.2

package svc

import (
	"context"
	"errors"
	"time"

	"github.com/zeromicro/go-zero/core/breaker"
	"github.com/zeromicro/go-zero/core/limit"
	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/stores/redis"
	"github.com/zeromicro/go-zero/core/threading"
	"github.com/zeromicro/go-zero/rest"

	"github.com/zsuite/common/breakx"
	"github.com/zsuite/common/cachex"
	"github.com/zsuite/common/rpcx"
	"github.com/zsuite/inventory-rpc/inventorypb"
	"github.com/zsuite/user-api/internal/authctx"
	"github.com/zsuite/user-api/internal/types"

	"github.com/zsuite/common/health"
	"github.com/zsuite/inventory-rpc/inventory"
	"github.com/zsuite/order-rpc/order"
	"github.com/zsuite/user-api/internal/config"
	"github.com/zsuite/user-api/internal/middleware"
	"github.com/zsuite/user-api/internal/ratelimit"
	"github.com/zsuite/user-rpc/user"
)

// loginAttemptPrefix keys the login attempt counters in Redis.
const loginAttemptPrefix = "login:attempts:"

type ServiceContext struct {
	Config config.Config
	Redis  *redis.Redis
	// LoginAttempts counts login attempts per username key.
	LoginAttempts *limit.PeriodLimit
	// loginBreaker guards the login limiter's calls to Redis (NewServiceContext says why).
	loginBreaker *breakx.Breaker
	UserRpc      user.User
	// Accounts holds the accounts of the tokens served, with their rows: the
	// auth middleware checks them, /me and the overview read them.
	Accounts     *middleware.Accounts
	OrderRpc     order.Order
	InventoryRpc inventory.Inventory
	// Products is the copy of the products read, dropped as inventory-rpc
	// streams their changes (nil when config ProductCache is off).
	Products  *cachex.Mirror[types.Product]
	Anonymous rest.Middleware
	Signup    rest.Middleware
	Auth      rest.Middleware
	AdminOnly rest.Middleware
	// Proxies resolve a request's client address, for the limiters and the access log.
	Proxies ratelimit.Proxies
}

func NewServiceContext(c config.Config) *ServiceContext {
	// go-zero's Redis breaker judges the last ten seconds: after an outage
	// it goes on refusing commands for seconds (for as long as callers kept
	// calling, before third_party/patches/go-zero). The rate limiters fall
	// back to limits in process meanwhile, but the login limiter fails
	// closed: every login would be refused. So the client runs unguarded and
	// the login limiter's calls go through the suite's breaker, which probes
	// a second after it opens and closes on the first success.
	rds := redis.MustNewRedis(c.Redis, redis.WithBreaker(breaker.NopBreaker()))
	proxies, err := ratelimit.ParseProxies(c.RateLimit.TrustedProxies)
	logx.Must(err)
	users := user.NewUser(rpcx.MustNewClient(c.UserRpc))
	// The rate limiters' own client: their breakers and fallbacks stand in
	// for go-zero's (ratelimit.NewClient).
	limits := ratelimit.NewClient(c.Redis)
	anonymous := ratelimit.New("anonymous", c.RateLimit.Anonymous, limits)
	accounts := middleware.NewAccounts(users)
	inv := inventory.NewInventory(rpcx.MustNewClient(c.InventoryRpc))
	products := cachex.NewMirror[types.Product](c.ProductCache, "products")
	if products != nil {
		// The stream has a client of its own: go-zero's balancer counts a
		// call in flight on its connection for as long as it lasts, and its
		// length as that connection's latency once it ends, which would
		// steer the calls away from that replica.
		watch := inventory.NewInventory(rpcx.MustNewClient(c.InventoryRpc))
		threading.GoSafe(func() { products.Follow(context.Background(), productChanges(watch)) })
	}
	return &ServiceContext{
		Config:        c,
		Redis:         rds,
		LoginAttempts: limit.NewPeriodLimit(int(c.LoginLimit.Window.Seconds()), c.LoginLimit.Attempts, rds, loginAttemptPrefix),
		loginBreaker:  breakx.New("user-api-redis", func(err error) bool { return err != nil && !errors.Is(err, redis.Nil) }),
		UserRpc:       users,
		Accounts:      accounts,
		OrderRpc:      order.NewOrder(rpcx.MustNewClient(c.OrderRpc)),
		InventoryRpc:  inv,
		Products:      products,
		Anonymous:     middleware.NewAnonymousMiddleware(anonymous, proxies).Handle,
		Signup:        middleware.NewSignupMiddleware(ratelimit.New("signup", c.RateLimit.Signup, limits), proxies).Handle,
		Auth: middleware.NewAuthMiddleware(authctx.NewVerifier(c.Auth.AccessSecret, c.Auth.PrevSecret),
			accounts, ratelimit.New("user", c.RateLimit.User, limits), anonymous, proxies).Handle,
		AdminOnly: middleware.NewAdminOnlyMiddleware().Handle,
		Proxies:   proxies,
	}
}

// productChanges opens inventory-rpc's stream of the products' changes.
func productChanges(inv inventory.Inventory) func(context.Context) (cachex.Changes, error) {
	return func(ctx context.Context) (cachex.Changes, error) {
		stream, err := inv.WatchProducts(ctx, &inventorypb.WatchProductsReq{})
		if err != nil {
			return nil, err
		}
		return cachex.ChangesOf(stream.Recv), nil
	}
}

// refundScript gives one login attempt back, unless the counter has expired
// meanwhile (a DECR would then create a counter without expiry).
var refundScript = redis.NewScript(`if redis.call('get', KEYS[1]) and tonumber(redis.call('get', KEYS[1])) > 0 then
	return redis.call('decr', KEYS[1]) end return 0`)

// TakeLoginAttempt counts an attempt of usernameKey and says whether it is
// within the quota (limit.PeriodLimit's verdict). While user-api's Redis is
// down it fails at once (the breaker is open), and within a second of its
// return it counts again.
func (s *ServiceContext) TakeLoginAttempt(ctx context.Context, usernameKey string) (verdict int, err error) {
	err = s.loginBreaker.Do(func() error {
		var terr error
		verdict, terr = s.LoginAttempts.TakeCtx(ctx, usernameKey)
		return terr
	})
	return verdict, err
}

// RefundLoginAttempt gives back the attempt counted for usernameKey after a
// successful login. A refund that fails is tried again in the background for
// a while: an attempt left counted after a success would lock the user out
// after a few logins, although they never failed one.
func (s *ServiceContext) RefundLoginAttempt(ctx context.Context, usernameKey string) {
	refund := func(ctx context.Context) error {
		return s.loginBreaker.Do(func() error {
			_, err := s.Redis.ScriptRunCtx(ctx, refundScript, []string{LoginAttemptKey(usernameKey)})
			return err
		})
	}
	if refund(ctx) == nil {
		return
	}
	threading.GoSafe(func() {
		pause := 200 * time.Millisecond
		for try := 0; try < refundRetries; try++ {
			time.Sleep(pause)
			if err := refund(context.WithoutCancel(ctx)); err == nil {
				return
			} else if try == refundRetries-1 {
				logx.Errorf("refund login attempt of %q: %v", usernameKey, err)
			}
			pause = min(2*pause, 5*time.Second)
		}
	})
}

// refundRetries bounds the background tries of a refund (about a minute).
const refundRetries = 15

// LoginAttemptsResetIn is how long until the attempts of usernameKey are
// forgotten (at least a second).
func (s *ServiceContext) LoginAttemptsResetIn(ctx context.Context, usernameKey string) time.Duration {
	ttl, err := s.Redis.TtlCtx(ctx, LoginAttemptKey(usernameKey))
	if err != nil || ttl < 1 {
		return time.Second
	}
	return time.Duration(ttl) * time.Second
}

// LoginAttemptKey is the Redis key LoginAttempts counts under for usernameKey.
func LoginAttemptKey(usernameKey string) string { return loginAttemptPrefix + usernameKey }

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
