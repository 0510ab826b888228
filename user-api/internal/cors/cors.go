// Package cors lets a page served from another origin (the storefront's dev
// server, a separate static host) call user-api, with go-zero's CORS support
// (rest.WithCustomCors) narrowed to what this API needs:
//
//   - only the origins configured (CORS_ALLOWED_ORIGINS) get CORS headers; a
//     preflight from any other origin is answered 204 without them, and the
//     browser refuses the call;
//   - the request headers the API reads (Authorization, Content-Type,
//     Idempotency-Key) are allowed, and Retry-After (the 429's and 503's when
//     to come back) is exposed to the page;
//   - no credentials mode: tokens travel in the Authorization header, never
//     in cookies, so a page cannot make the browser send the user's
//     credentials on its own (go-zero allows credentials; it is taken off);
//   - preflights are cached by the browser for Config.MaxAge.
//
// Behind the gateway the storefront is served from the API's own origin and
// needs none of this.
package cors

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/zeromicro/go-zero/core/service"
	"github.com/zeromicro/go-zero/rest"
)

// Config is the origins allowed to call the API from a browser page.
type Config struct {
	// AllowedOrigins are scheme://host[:port] origins, exactly as a browser
	// sends them in Origin. Empty: no page of another origin may call.
	AllowedOrigins []string `json:",optional"`
	// MaxAge is how long a browser may reuse a preflight's answer (Chromium
	// keeps it 2 h at most).
	MaxAge time.Duration `json:",default=10m"`
}

// The headers the API reads from a request, and the one a page must read
// from an answer.
const (
	allowHeaders  = "Authorization, Content-Type, Idempotency-Key"
	exposeHeaders = "Retry-After"
	allowMethods  = "GET, POST"
)

// Validate refuses an origin a browser never sends (a path, a query, no
// scheme), and in production mode a wildcard, a plain-HTTP origin and a
// local one: a page on the operator's own machine is not a customer's.
func (c Config) Validate(mode string) error {
	var errs []error
	for _, o := range c.AllowedOrigins {
		if err := origin(o, mode == service.ProMode); err != nil {
			errs = append(errs, fmt.Errorf("CORS_ALLOWED_ORIGINS: %q %w", o, err))
		}
	}
	if c.MaxAge < 0 {
		errs = append(errs, fmt.Errorf("CORS MaxAge is %v: 0 or more", c.MaxAge))
	}
	return errors.Join(errs...)
}

func origin(o string, pro bool) error {
	if o == "*" {
		if pro {
			return errors.New("lets every site call the API: list the origins in production mode")
		}
		return nil
	}
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		u.User != nil || u.Path != "" || u.RawQuery != "" || u.Fragment != "" || strings.ToLower(o) != o {
		return errors.New("is not an origin: scheme://host[:port] in lower case, as a browser sends it")
	}
	if !pro {
		return nil
	}
	if u.Scheme != "https" {
		return errors.New("is plain HTTP: production origins are https")
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); host == "localhost" || strings.HasSuffix(host, ".localhost") || (ip != nil && ip.IsLoopback()) {
		return errors.New("is local: refused in production mode")
	}
	return nil
}

// Options is what the server is started with: nothing when no origin is
// allowed (go-zero's CORS with no origin would allow every one).
func Options(c Config) []rest.RunOption {
	if len(c.AllowedOrigins) == 0 {
		return nil
	}
	maxAge := strconv.Itoa(int(c.MaxAge / time.Second))
	return []rest.RunOption{rest.WithCustomCors(func(h http.Header) {
		if h.Get("Access-Control-Allow-Origin") == "" {
			return // not an allowed origin: no CORS headers at all
		}
		h.Del("Access-Control-Allow-Credentials")
		h.Set("Access-Control-Allow-Methods", allowMethods)
		h.Set("Access-Control-Allow-Headers", allowHeaders)
		h.Set("Access-Control-Expose-Headers", exposeHeaders)
		h.Set("Access-Control-Max-Age", maxAge)
	}, nil, c.AllowedOrigins...),
		// go-zero's CORS also replaces the router's 405 with a handler that
		// answers 404 to every method a route lacks (preflights never reach
		// it: the CORS layer answers them first). nil gives the router its
		// own 405 back, with the Allow header RFC 9110 asks for.
		rest.WithNotAllowedHandler(nil),
	}
}
