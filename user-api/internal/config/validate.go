package config

import (
	"errors"
	"fmt"
	"time"

	"github.com/zeromicro/go-zero/zrpc"

	"github.com/zsuite/common/confx"
	"github.com/zsuite/user-api/internal/ratelimit"
)

// Validate refuses, when the config is loaded (go-zero's conf calls it), the
// settings that would break the service at run time rather than at start: a
// rate of 0 (a limiter of 0 panicked on every request), a burst
// below the rate (the bucket could never hold a second's tokens), a login
// limit that admits no attempt or forgets at once, a token without lifetime,
// no Redis, no connection allowed, an RPC client that can reach no server or
// outlives its request.
func (c Config) Validate() error {
	var errs []error
	for name, r := range map[string]ratelimit.Rate{
		"RateLimit.Anonymous (RATE_ANONYMOUS_*)": c.RateLimit.Anonymous,
		"RateLimit.Signup (RATE_SIGNUP_*)":       c.RateLimit.Signup,
		"RateLimit.User (RATE_USER_*)":           c.RateLimit.User,
	} {
		if err := r.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
		}
	}
	if c.LoginLimit.Attempts < 1 {
		errs = append(errs, fmt.Errorf("LoginLimit.Attempts (LOGIN_MAX_FAILURES) is %d: at least 1", c.LoginLimit.Attempts))
	}
	if c.LoginLimit.Window < time.Second {
		errs = append(errs, fmt.Errorf("LoginLimit.Window (LOGIN_FAILURE_WINDOW) is %v: at least 1s (the limiter counts whole seconds)", c.LoginLimit.Window))
	}
	if c.Auth.AccessExpire < 1 {
		errs = append(errs, fmt.Errorf("Auth.AccessExpire (JWT_TTL_SECONDS) is %d: at least 1", c.Auth.AccessExpire))
	}
	if err := c.Redis.Validate(); err != nil {
		errs = append(errs, fmt.Errorf("redis (REDIS_ADDR): %w", err))
	}
	if err := c.CORS.Validate(c.Mode); err != nil {
		errs = append(errs, err)
	}
	if err := c.Readiness.Validate(); err != nil {
		errs = append(errs, fmt.Errorf("readiness: %w", err))
	}
	if err := c.ProductCache.Validate(); err != nil {
		errs = append(errs, fmt.Errorf("ProductCache: %w", err))
	}
	if c.Timeout < 0 {
		errs = append(errs, fmt.Errorf("timeout is %d ms: 0 (none) or more", c.Timeout))
	}
	if c.Connections.PerClient < 1 || c.Connections.Total < 1 {
		errs = append(errs, fmt.Errorf("connections: CONNECTIONS_PER_CLIENT is %d and CONNECTIONS_TOTAL %d: at least 1 each, or no client is served",
			c.Connections.PerClient, c.Connections.Total))
	}
	if c.MaxBytes < 1 {
		errs = append(errs, fmt.Errorf("maxBytes is %d: at least 1, or no request body fits", c.MaxBytes))
	}
	for name, client := range map[string]zrpc.RpcClientConf{"UserRpc": c.UserRpc, "OrderRpc": c.OrderRpc, "InventoryRpc": c.InventoryRpc} {
		if err := confx.RPCClient(name, client); err != nil {
			errs = append(errs, err)
		}
		// A call that outlives the request answers no one: the client
		// has had its 503 from the timeout, and a retry runs beside it.
		if c.Timeout > 0 && client.Timeout > c.Timeout {
			errs = append(errs, fmt.Errorf("%s: timeout %d ms is longer than the request's (%d ms)", name, client.Timeout, c.Timeout))
		}
	}
	return errors.Join(errs...)
}
