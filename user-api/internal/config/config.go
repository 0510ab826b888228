// Code scaffolded by goctl. Safe to edit.
// goctl 1.10.2

package config

import (
	"time"

	"github.com/zeromicro/go-zero/core/stores/redis"
	"github.com/zeromicro/go-zero/rest"
	"github.com/zeromicro/go-zero/zrpc"

	"github.com/zsuite/common/health"
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
	// JwtTransition is what goctl's jwtTransition routes read; main fills it
	// from Auth (Secret: the current secret, PrevSecret: the previous one).
	JwtTransition struct {
		Secret     string `json:",optional"`
		PrevSecret string `json:",optional"`
	} `json:",optional"`
	// Redis is user-api's own Redis, for the login limiter.
	Redis redis.RedisConf
	// LoginLimit refuses logins for a username after Attempts failures
	// within Window, until the window passes.
	LoginLimit struct {
		Attempts int           `json:",default=5"`
		Window   time.Duration `json:",default=15m"`
	}
	UserRpc      zrpc.RpcClientConf
	OrderRpc     zrpc.RpcClientConf
	InventoryRpc zrpc.RpcClientConf
	// Readiness serves /readyz, which checks Redis and etcd.
	Readiness health.Config
}
