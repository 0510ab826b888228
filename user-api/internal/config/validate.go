package config

import (
	"errors"
	"fmt"
	"time"

	"github.com/zsuite/user-api/internal/ratelimit"
)

// Validate refuses, when the config is loaded (go-zero's conf calls it), the
// settings that would break the service at run time rather than at start: a
// rate of 0 (a limiter of 0 panicked on every request), a burst
// below the rate (the bucket could never hold a second's tokens), a login
// limit that admits no attempt or forgets at once, a token without lifetime.
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
	return errors.Join(errs...)
}
