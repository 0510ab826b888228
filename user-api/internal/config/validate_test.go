package config

import (
	"testing"
	"time"

	"github.com/zsuite/common/confx"
	"github.com/zsuite/testkit"
)

// valid is the shipped config, loaded as user-api loads it at start (which
// validates it).
func valid(t *testing.T) Config {
	t.Helper()
	var c Config
	if err := confx.Load("../../etc/user-api.yaml", &c); err != nil {
		t.Fatalf("the shipped settings: %v", err)
	}
	return c
}

func TestValidateRefusesWhatWouldBreakTheService(t *testing.T) {
	testkit.ValidateRefuses(t, valid(t), map[string]testkit.Refused[Config]{
		"rate 0":                      {func(c *Config) { c.RateLimit.Anonymous.PerSecond = 0 }, "RATE_ANONYMOUS"},
		"burst below the rate":        {func(c *Config) { c.RateLimit.User.Burst = 5 }, "RATE_USER"},
		"negative signup rate":        {func(c *Config) { c.RateLimit.Signup.PerSecond = -1 }, "RATE_SIGNUP"},
		"no login attempt":            {func(c *Config) { c.LoginLimit.Attempts = 0 }, "LOGIN_MAX_FAILURES"},
		"window under 1s":             {func(c *Config) { c.LoginLimit.Window = 500 * time.Millisecond }, "LOGIN_FAILURE_WINDOW"},
		"token without life":          {func(c *Config) { c.Auth.AccessExpire = 0 }, "JWT_TTL_SECONDS"},
		"no Redis":                    {func(c *Config) { c.Redis.Host = "" }, "REDIS_ADDR"},
		"readiness without time":      {func(c *Config) { c.Readiness.Timeout = 0 }, "readiness"},
		"no body fits":                {func(c *Config) { c.MaxBytes = 0 }, "maxBytes"},
		"negative request timeout":    {func(c *Config) { c.Timeout = -1 }, "timeout"},
		"order-rpc unreachable":       {func(c *Config) { c.OrderRpc.Etcd.Hosts = nil }, "OrderRpc"},
		"a call outlives its request": {func(c *Config) { c.InventoryRpc.Timeout = c.Timeout + 1 }, "InventoryRpc"},
		"negative call timeout":       {func(c *Config) { c.UserRpc.Timeout = -5 }, "UserRpc"},
	})
}
