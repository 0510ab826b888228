package e2e

import (
	"net/http"
	"strings"
	"testing"

	"github.com/zsuite/testkit"
)

// The local storefront's origin, user-api's default CORS_ALLOWED_ORIGINS.
const storefront = "http://localhost:5173"

// TestCORS is a page of another origin calling the API as a browser does: a
// preflight, then the call. Only the listed origins get CORS headers, the
// headers the API reads are allowed, Retry-After can be read, and nothing
// asks the browser to send credentials.
func TestCORS(t *testing.T) {
	s := testkit.StartSuite(t, testkit.WithEnv("user-api", "RATE_SIGNUP_PER_SECOND", "1"), testkit.WithEnv("user-api", "RATE_SIGNUP_BURST", "1"))
	preflight := func(origin, method, headers string) testkit.Answer {
		return s.Raw(t, http.MethodOptions, "/v1/orders", nil,
			"Origin", origin, "Access-Control-Request-Method", method, "Access-Control-Request-Headers", headers)
	}

	t.Run("a preflight from the storefront is allowed what the API reads", func(t *testing.T) {
		a := preflight(storefront, http.MethodPost, "authorization,content-type,idempotency-key")
		if a.Status != http.StatusNoContent {
			t.Fatalf("preflight answered %d %s, want 204", a.Status, a.Body)
		}
		h := a.Header
		if got := h.Get("Access-Control-Allow-Origin"); got != storefront {
			t.Errorf("Access-Control-Allow-Origin = %q, want %q", got, storefront)
		}
		for _, want := range []string{"Authorization", "Content-Type", "Idempotency-Key"} {
			if !strings.Contains(h.Get("Access-Control-Allow-Headers"), want) {
				t.Errorf("Access-Control-Allow-Headers = %q, lacks %s", h.Get("Access-Control-Allow-Headers"), want)
			}
		}
		if !strings.Contains(h.Get("Access-Control-Allow-Methods"), "POST") {
			t.Errorf("Access-Control-Allow-Methods = %q, lacks POST", h.Get("Access-Control-Allow-Methods"))
		}
		if h.Get("Access-Control-Max-Age") == "" || h.Get("Access-Control-Max-Age") == "0" {
			t.Errorf("no preflight cache: Access-Control-Max-Age = %q", h.Get("Access-Control-Max-Age"))
		}
		if got := h.Get("Access-Control-Allow-Credentials"); got != "" {
			t.Errorf("Access-Control-Allow-Credentials = %q: tokens travel in a header, the browser must send no credentials", got)
		}
		if !strings.Contains(strings.Join(h.Values("Vary"), ","), "Origin") {
			t.Errorf("Vary = %q, lacks Origin: a cache would serve one origin's answer to another", h.Values("Vary"))
		}
	})

	t.Run("a preflight from any other origin gets no CORS headers", func(t *testing.T) {
		for _, origin := range []string{"https://evil.example", "http://localhost:5174", "http://evil.localhost:5173", "null"} {
			a := preflight(origin, http.MethodPost, "authorization")
			for name := range a.Header {
				if strings.HasPrefix(name, "Access-Control-") {
					t.Errorf("origin %s: answered %s: %q", origin, name, a.Header.Get(name))
				}
			}
		}
	})

	t.Run("the call itself, and a 429's Retry-After, can be read by the page", func(t *testing.T) {
		a := s.Raw(t, http.MethodGet, "/v1/products?page=1&pageSize=5", nil, "Origin", storefront)
		if a.Status != http.StatusOK || a.Header.Get("Access-Control-Allow-Origin") != storefront {
			t.Fatalf("GET from the storefront: %d, Access-Control-Allow-Origin %q", a.Status, a.Header.Get("Access-Control-Allow-Origin"))
		}
		// Registration allows one a second here: the second is refused.
		var refused testkit.Answer
		for i := range 5 {
			refused = s.Raw(t, http.MethodPost, "/v1/users/register",
				mustJSON(t, map[string]string{"username": "cors_" + string(rune('a'+i)), "password": "a-good-password"}),
				"Origin", storefront, "Content-Type", "application/json")
			if refused.Status == http.StatusTooManyRequests {
				break
			}
		}
		if refused.Status != http.StatusTooManyRequests {
			t.Fatalf("five registrations at once were never refused (last %d %s)", refused.Status, refused.Body)
		}
		if refused.Header.Get("Access-Control-Allow-Origin") != storefront ||
			!strings.Contains(refused.Header.Get("Access-Control-Expose-Headers"), "Retry-After") ||
			refused.Header.Get("Retry-After") == "" {
			t.Errorf("a 429 the page cannot read when to retry from: %v", refused.Header)
		}
		// Another origin's call is answered, as any client's, but not to the page.
		other := s.Raw(t, http.MethodGet, "/v1/products?page=1&pageSize=5", nil, "Origin", "https://evil.example")
		if got := other.Header.Get("Access-Control-Allow-Origin"); got != "" {
			t.Errorf("a page of another origin may read the answer: Access-Control-Allow-Origin %q", got)
		}
	})
}
