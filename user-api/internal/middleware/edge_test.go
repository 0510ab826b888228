package middleware_test

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/stores/redis"

	"github.com/zsuite/testkit"
	"github.com/zsuite/user-api/internal/accesslog"
	"github.com/zsuite/user-api/internal/middleware"
	"github.com/zsuite/user-api/internal/ratelimit"
)

// syncBuffer collects what logx writes, from the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// from is an HTTP client whose connections come from the loopback address ip
// (127.0.0.0/8 is all the machine's own), so that the proxy sees two clients.
func from(ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	return &http.Client{Transport: &http.Transport{DialContext: d.DialContext, DisableKeepAlives: true}}
}

// Behind a trusted proxy, a client is limited and logged by the address the
// proxy saw, whatever it writes into X-Forwarded-For itself: it cannot leave
// its bucket by naming another address, nor spend another client's by
// naming that client's. Both kinds of proxy are tried: one that replaces the
// header with its peer's address (the gateway of deploy/k8s does) and one
// that appends its peer's address to what the client sent (as most do).
// The limiter runs against a real Redis.
func TestClientBehindTrustedProxy(t *testing.T) {
	for _, proxyKind := range []string{"replaces", "appends"} {
		t.Run(proxyKind, func(t *testing.T) {
			rdb := ratelimit.NewClient(redis.RedisConf{Host: testkit.NewRedis(t), Type: redis.NodeType})
			t.Cleanup(func() { _ = rdb.Close() })
			const burst = 4
			// One token a second: a second boundary crossed during the test may add one.
			limiter := ratelimit.New("anonymous", ratelimit.Rate{PerSecond: 1, Burst: burst}, rdb)
			// Only the proxy, on 127.0.0.1, is trusted; the clients come from 127.0.0.2 and .3.
			proxies, err := ratelimit.ParseProxies([]string{"127.0.0.1/32"})
			if err != nil {
				t.Fatal(err)
			}

			logs := &syncBuffer{}
			logx.SetWriter(logx.NewWriter(logs))
			t.Cleanup(func() { logx.Reset() })

			ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
			api := httptest.NewServer(accesslog.Middleware(proxies.ClientAddr)(
				middleware.NewAnonymousMiddleware(limiter, proxies).Handle(ok)))
			defer api.Close()

			target, _ := url.Parse(api.URL)
			proxy := httptest.NewServer(&httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) {
				pr.SetURL(target)
				if proxyKind == "appends" {
					pr.Out.Header["X-Forwarded-For"] = pr.In.Header["X-Forwarded-For"]
				}
				pr.SetXForwarded()
			}})
			defer proxy.Close()

			get := func(c *http.Client, xff string) int {
				t.Helper()
				req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, proxy.URL+"/v1/products", nil)
				if xff != "" {
					req.Header.Set("X-Forwarded-For", xff)
				}
				resp, err := c.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				_ = resp.Body.Close()
				return resp.StatusCode
			}

			alice, bob := from("127.0.0.2"), from("127.0.0.3")
			// Alice names a new address in every request, then Bob's, then the
			// proxy's own: each is counted against her one bucket.
			granted := 0
			for i := range 3 * burst {
				xff := fmt.Sprintf("198.51.100.%d", i+1)
				switch i {
				case burst - 1:
					xff = "127.0.0.3"
				case burst:
					xff = "127.0.0.1"
				}
				if get(alice, xff) == http.StatusNoContent {
					granted++
				}
			}
			if granted < burst || granted > burst+1 {
				t.Fatalf("alice, naming %d other addresses, was granted %d requests; her bucket holds %d", 3*burst, granted, burst)
			}
			// Bob's bucket is his own: Alice naming him spent none of it, and
			// him naming Alice does not put him into her empty one.
			for i := range burst {
				if code := get(bob, "127.0.0.2"); code != http.StatusNoContent {
					t.Fatalf("bob's request %d, naming alice: %d, want 204 from his own bucket", i+1, code)
				}
			}

			// The access log names the address each request was limited by, never what a client wrote.
			out := logs.String()
			for _, want := range []string{"/v1/products - 127.0.0.2", "/v1/products - 127.0.0.3", "429 - GET /v1/products - 127.0.0.2"} {
				if !strings.Contains(out, want) {
					t.Errorf("the access log has no %q:\n%s", want, out)
				}
			}
			for _, line := range strings.Split(out, "\n") {
				if strings.Contains(line, "[HTTP]") && (strings.Contains(line, "198.51.100.") || strings.Contains(line, "- 127.0.0.1")) {
					t.Errorf("the access log names an address a client wrote or the proxy: %s", line)
				}
			}
		})
	}
}
