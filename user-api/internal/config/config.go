// Code scaffolded by goctl. Safe to edit.
// goctl 1.10.2

package config

import (
	"time"

	"github.com/zeromicro/go-zero/core/stores/redis"
	"github.com/zeromicro/go-zero/rest"
	"github.com/zeromicro/go-zero/zrpc"

	"github.com/zsuite/common/cachex"
	"github.com/zsuite/common/health"
	"github.com/zsuite/user-api/internal/cors"
	"github.com/zsuite/user-api/internal/netx"
	"github.com/zsuite/user-api/internal/ratelimit"
)

type Config struct {
	rest.RestConf
	Auth struct {
		// AccessSecret signs and verifies the HS256 access tokens.
		AccessSecret string
		// AccessExpire is a token's lifetime in seconds.
		AccessExpire int64 `json:",default=7200"`
		// PrevSecret, while rotating, is the secret before AccessSecret: tokens
		// it signed are still accepted until they expire.
		PrevSecret string `json:",optional"`
	}
	// Redis is user-api's own Redis, for the rate limiters.
	Redis redis.RedisConf
	// LoginLimit refuses logins for a username once Attempts attempts that
	// were not successful logins were made within Window, until the window
	// passes. An attempt is counted before the password is checked.
	LoginLimit struct {
		Attempts int           `json:",default=5"`
		Window   time.Duration `json:",default=15m"`
	}
	// RateLimit limits every route per client (internal/ratelimit).
	RateLimit struct {
		// Anonymous: per client address, on the routes without a token.
		Anonymous ratelimit.Rate
		// Signup: per client address, on registration.
		Signup ratelimit.Rate
		// User: per user, on the routes with a token.
		User ratelimit.Rate
		// TrustedProxies are the CIDRs whose X-Forwarded-For names the
		// client; without any, the client is the connection's peer.
		TrustedProxies []string `json:",optional"`
	}
	// Connections bounds the connections held open, per client and in all
	// (internal/netx).
	Connections  netx.ConnLimits
	UserRpc      zrpc.RpcClientConf
	OrderRpc     zrpc.RpcClientConf
	InventoryRpc zrpc.RpcClientConf
	// ProductCache keeps the products read (GET /v1/products/{id}) in
	// process, dropped as inventory-rpc streams their changes
	// (cachex.Mirror); Enabled false reads every one from inventory-rpc.
	ProductCache cachex.LocalConf
	// Readiness serves /readyz, which checks Redis and etcd.
	Readiness health.Config
	// CORS lets the pages of the origins listed call the API from a browser.
	CORS cors.Config
	// Storefront serves the storefront (clients/web) at / on the API's own
	// origin (internal/storefront).
	Storefront bool `json:",default=true"`
}
