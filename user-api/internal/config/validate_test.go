package config

import (
	"strings"
	"testing"
	"time"

	"github.com/zsuite/user-api/internal/ratelimit"
)

func valid() Config {
	var c Config
	c.RateLimit.Anonymous = ratelimit.Rate{PerSecond: 20, Burst: 40}
	c.RateLimit.Signup = ratelimit.Rate{PerSecond: 1, Burst: 5}
	c.RateLimit.User = ratelimit.Rate{PerSecond: 20, Burst: 20}
	c.LoginLimit.Attempts, c.LoginLimit.Window = 5, 15*time.Minute
	c.Auth.AccessExpire = 7200
	return c
}

func TestValidateRefusesWhatWouldBreakTheService(t *testing.T) {
	if err := valid().Validate(); err != nil {
		t.Fatalf("the shipped settings: %v", err)
	}
	for name, tc := range map[string]struct {
		change func(*Config)
		says   string
	}{
		"rate 0":               {func(c *Config) { c.RateLimit.Anonymous.PerSecond = 0 }, "RATE_ANONYMOUS"},
		"burst below the rate": {func(c *Config) { c.RateLimit.User.Burst = 5 }, "RATE_USER"},
		"negative signup rate": {func(c *Config) { c.RateLimit.Signup.PerSecond = -1 }, "RATE_SIGNUP"},
		"no login attempt":     {func(c *Config) { c.LoginLimit.Attempts = 0 }, "LOGIN_MAX_FAILURES"},
		"window under 1s":      {func(c *Config) { c.LoginLimit.Window = 500 * time.Millisecond }, "LOGIN_FAILURE_WINDOW"},
		"token without life":   {func(c *Config) { c.Auth.AccessExpire = 0 }, "JWT_TTL_SECONDS"},
	} {
		c := valid()
		tc.change(&c)
		err := c.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%s: %v, want an error naming %s", name, err, tc.says)
		}
	}
}
