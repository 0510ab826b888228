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
		"rate 0":                      {Change: func(c *Config) { c.RateLimit.Anonymous.PerSecond = 0 }, Says: "RATE_ANONYMOUS"},
		"burst below the rate":        {Change: func(c *Config) { c.RateLimit.User.Burst = 5 }, Says: "RATE_USER"},
		"negative signup rate":        {Change: func(c *Config) { c.RateLimit.Signup.PerSecond = -1 }, Says: "RATE_SIGNUP"},
		"no login attempt":            {Change: func(c *Config) { c.LoginLimit.Attempts = 0 }, Says: "LOGIN_MAX_FAILURES"},
		"window under 1s":             {Change: func(c *Config) { c.LoginLimit.Window = 500 * time.Millisecond }, Says: "LOGIN_FAILURE_WINDOW"},
		"token without life":          {Change: func(c *Config) { c.Auth.AccessExpire = 0 }, Says: "JWT_TTL_SECONDS"},
		"no Redis":                    {Change: func(c *Config) { c.Redis.Host = "" }, Says: "REDIS_ADDR"},
		"readiness without time":      {Change: func(c *Config) { c.Readiness.Timeout = 0 }, Says: "readiness"},
		"no body fits":                {Change: func(c *Config) { c.MaxBytes = 0 }, Says: "maxBytes"},
		"no connection per client":    {Change: func(c *Config) { c.Connections.PerClient = 0 }, Says: "CONNECTIONS_PER_CLIENT"},
		"no connection at all":        {Change: func(c *Config) { c.Connections.Total = 0 }, Says: "CONNECTIONS_TOTAL"},
		"negative request timeout":    {Change: func(c *Config) { c.Timeout = -1 }, Says: "timeout"},
		"order-rpc unreachable":       {Change: func(c *Config) { c.OrderRpc.Etcd.Hosts = nil }, Says: "OrderRpc"},
		"a call outlives its request": {Change: func(c *Config) { c.InventoryRpc.Timeout = c.Timeout + 1 }, Says: "InventoryRpc"},
		"negative call timeout":       {Change: func(c *Config) { c.UserRpc.Timeout = -5 }, Says: "UserRpc"},
	})
}
