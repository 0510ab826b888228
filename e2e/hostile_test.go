package e2e

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zsuite/testkit"
)

// TestHostileClient is a client that means harm, or just gets everything
// wrong: bursts of guesses, malformed headers and bodies, floods. None of it
// may answer 5xx while the dependencies are up, change anything, or slow
// down another client.
func TestHostileClient(t *testing.T) {
	s := testkit.StartSuite(t)
	admin := login(t, s, "admin", "admin12345")

	t.Run("a parallel burst gets no more guesses than the limit", func(t *testing.T) {
		registerUser(t, s, "burst_target", "the-right-password")
		statuses := burst(t, 40, func(int) (int, []byte, error) {
			return s.Call(http.MethodPost, "/v1/users/login", "",
				mustJSON(t, map[string]string{"username": "burst_target", "password": "a-wrong-guess"}))
		})
		if statuses[http.StatusTooManyRequests] < 35 ||
			statuses[http.StatusUnauthorized]+statuses[http.StatusTooManyRequests] != 40 {
			t.Fatalf("40 parallel wrong guesses answered %v: at most 5 may reach the password check", statuses)
		}
		// Now even the right password is refused, and told when to come back.
		a := s.Raw(t, http.MethodPost, "/v1/users/login",
			mustJSON(t, map[string]string{"username": "BURST_TARGET", "password": "the-right-password"}),
			"Content-Type", "application/json")
		wantError(t, a.Status, a.Body, http.StatusTooManyRequests, "RATE_LIMITED")
		if ra := a.Header.Get("Retry-After"); ra == "" || ra == "0" {
			t.Fatalf("429 without a useful Retry-After: %q", ra)
		}
	})

	t.Run("guesses then the right password fifty milliseconds later", func(t *testing.T) {
		registerUser(t, s, "burst_target2", "the-right-password")
		var wg sync.WaitGroup
		for range 30 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _, _ = s.Call(http.MethodPost, "/v1/users/login", "",
					mustJSON(t, map[string]string{"username": "burst_target2", "password": "a-wrong-guess"}))
			}()
		}
		time.Sleep(50 * time.Millisecond)
		status, body := s.Do(t, http.MethodPost, "/v1/users/login", "",
			mustJSON(t, map[string]string{"username": "burst_target2", "password": "the-right-password"}))
		wg.Wait()
		if status == http.StatusOK {
			t.Fatalf("the right password after a burst of 30 guesses logged in: %s", body)
		}
		wantError(t, status, body, http.StatusTooManyRequests, "RATE_LIMITED")
	})

	t.Run("successful logins do not use up the limit", func(t *testing.T) {
		registerUser(t, s, "frequent_flyer", "the-right-password")
		for range 12 {
			login(t, s, "frequent_flyer", "the-right-password")
		}
	})

	victim, victimToken := newCustomer(t, s, "victim_1")
	attacker, attackerToken := newCustomer(t, s, "attacker_1")
	_ = victim
	p := createProduct(t, s, admin, "Hostile target", 100, 1000)

	t.Run("hundreds of malformed requests from one account change nothing and answer 4xx", func(t *testing.T) {
		deep := strings.Repeat(`{"a":`, 3000) + "1" + strings.Repeat("}", 3000)
		cases := []struct {
			name, method, path, body string
			headers                  []string
		}{
			{"idempotency key not UTF-8", http.MethodPost, "/v1/orders", `{"items":[{"productId":1,"quantity":1}]}`, []string{"Idempotency-Key", "cl\xe9"}},
			{"idempotency key too long", http.MethodPost, "/v1/orders", `{"items":[{"productId":1,"quantity":1}]}`, []string{"Idempotency-Key", strings.Repeat("k", 65)}},
			{"idempotency key with spaces", http.MethodPost, "/v1/orders", `{"items":[{"productId":1,"quantity":1}]}`, []string{"Idempotency-Key", "a key"}},
			{"idempotency key missing", http.MethodPost, "/v1/orders", `{"items":[{"productId":1,"quantity":1}]}`, nil},
			{"trailing data", http.MethodPost, "/v1/orders", `{"items":[{"productId":1,"quantity":1}]}{"x":1}`, []string{"Idempotency-Key", "trailing"}},
			{"trailing garbage", http.MethodPost, "/v1/orders", `{"items":[{"productId":1,"quantity":1}]} garbage`, []string{"Idempotency-Key", "trailing2"}},
			{"deeply nested", http.MethodPost, "/v1/orders", deep, []string{"Idempotency-Key", "deep"}},
			{"not JSON", http.MethodPost, "/v1/orders", `items=1`, []string{"Idempotency-Key", "form"}},
			{"body not UTF-8", http.MethodPost, "/v1/orders", "{\"items\":[{\"productId\":1,\"quantity\":1}],\"x\":\"\xff\"}", []string{"Idempotency-Key", "utf8"}},
			{"huge quantity", http.MethodPost, "/v1/orders", `{"items":[{"productId":1,"quantity":1000000000000}]}`, []string{"Idempotency-Key", "huge"}},
			{"negative product", http.MethodPost, "/v1/orders", `{"items":[{"productId":-1,"quantity":1}]}`, []string{"Idempotency-Key", "neg"}},
			{"product beyond 2^53", http.MethodPost, "/v1/orders", `{"items":[{"productId":9007199254740993,"quantity":1}]}`, []string{"Idempotency-Key", "big"}},
			{"float quantity", http.MethodPost, "/v1/orders", `{"items":[{"productId":1,"quantity":1.5}]}`, []string{"Idempotency-Key", "float"}},
			{"too many items", http.MethodPost, "/v1/orders", `{"items":[` + strings.TrimSuffix(strings.Repeat(`{"productId":1,"quantity":1},`, 21), ",") + `]}`, []string{"Idempotency-Key", "many"}},
			{"order id not a number", http.MethodGet, "/v1/orders/abc", "", nil},
			{"order id zero", http.MethodGet, "/v1/orders/0", "", nil},
			{"order id beyond 2^53", http.MethodGet, "/v1/orders/9007199254740993", "", nil},
			{"page beyond the last", http.MethodGet, "/v1/orders?page=10001", "", nil},
			{"page size zero", http.MethodGet, "/v1/orders?pageSize=0", "", nil},
			{"page not a number", http.MethodGet, "/v1/orders?page=x", "", nil},
			{"cancel bad id", http.MethodPost, "/v1/orders/-5/cancel", "", nil},
		}
		for round := range 12 {
			for _, c := range cases {
				var body []byte
				if c.body != "" {
					body = []byte(c.body)
				}
				headers := append([]string{"Authorization", "Bearer " + attackerToken, "Content-Type", "application/json"}, c.headers...)
				a := s.Raw(t, c.method, c.path, body, headers...)
				if a.Status != http.StatusBadRequest && a.Status != http.StatusNotFound {
					t.Fatalf("round %d, %s: %d %s, want 400 (or 404)", round, c.name, a.Status, a.Body)
				}
				e := decode[errorBody](t, a.Body)
				if e.Code == "" || e.Message == "" {
					t.Fatalf("%s: error without code or message: %s", c.name, a.Body)
				}
				if len(a.Body) > 400 {
					t.Fatalf("%s: a %d-byte error answer echoes the request: %.200s", c.name, len(a.Body), a.Body)
				}
			}
		}
		if n := len(listOrders(t, s, attackerToken).Items); n != 0 {
			t.Fatalf("the malformed requests placed %d orders", n)
		}
		if got := stockOf(t, s, p.ID); got != 1000 {
			t.Fatalf("stock is %d after malformed orders, want 1000", got)
		}
		// Another customer's orders go through at once, every one of them.
		for i := range 20 {
			mustOrder(t, s, victimToken, key("victim", i), line{ProductID: p.ID, Quantity: 1})
		}
		_ = attacker
	})

	t.Run("anonymous routes check their input too", func(t *testing.T) {
		for _, c := range []struct{ method, path, body string }{
			{http.MethodGet, "/v1/products?page=10001", ""},
			{http.MethodGet, "/v1/products?pageSize=101", ""},
			{http.MethodGet, "/v1/products/0", ""},
			{http.MethodGet, "/v1/products/x%ff", ""},
			{http.MethodPost, "/v1/users/register", "{\"username\":\"nul_user\",\"password\":\"\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\"}"},
			{http.MethodPost, "/v1/users/register", `{"username":"trailing_user","password":"long-enough-1"} {}`},
			{http.MethodPost, "/v1/users/login", "{\"username\":\"admin\",\"password\":\"\\u0000\"}"},
			{http.MethodPost, "/v1/users/login", "{\"username\":\"adm\xffin\",\"password\":\"whatever-1\"}"},
		} {
			var body []byte
			if c.body != "" {
				body = []byte(c.body)
			}
			a := s.Raw(t, c.method, c.path, body, "Content-Type", "application/json")
			if a.Status != http.StatusBadRequest && a.Status != http.StatusNotFound {
				t.Fatalf("%s %s %q: %d %s, want 400", c.method, c.path, c.body, a.Status, a.Body)
			}
		}
		// Nothing was registered.
		status, body := s.Do(t, http.MethodPost, "/v1/users/login", "",
			mustJSON(t, map[string]string{"username": "trailing_user", "password": "long-enough-1"}))
		wantError(t, status, body, http.StatusUnauthorized, "UNAUTHENTICATED")
	})

	t.Run("a list's total holds on every page", func(t *testing.T) {
		_, token := newCustomer(t, s, "pager_1")
		mustOrder(t, s, token, "pager-1", line{ProductID: p.ID, Quantity: 1})
		for _, pg := range []int{1, 2, 10000} {
			status, body := s.Do(t, http.MethodGet, fmt.Sprintf("/v1/orders?page=%d&pageSize=1", pg), token, nil)
			if status != http.StatusOK || decode[page[order]](t, body).Total != 1 {
				t.Fatalf("page %d: %d %s, want total 1", pg, status, body)
			}
		}
	})
}

// TestRateLimits runs the suite with low limits and checks that each class
// of client is limited on its own, answers 429 with Retry-After, and does
// not spill over onto others.
func TestRateLimits(t *testing.T) {
	s := testkit.StartSuite(t,
		testkit.WithEnv("user-api", "RATE_ANONYMOUS_PER_SECOND", "5"),
		testkit.WithEnv("user-api", "RATE_ANONYMOUS_BURST", "10"),
		testkit.WithEnv("user-api", "RATE_SIGNUP_PER_SECOND", "1"),
		testkit.WithEnv("user-api", "RATE_SIGNUP_BURST", "3"),
		testkit.WithEnv("user-api", "RATE_USER_PER_SECOND", "5"),
		testkit.WithEnv("user-api", "RATE_USER_BURST", "10"),
	)
	// Users made while the limits are fresh: signup allows a burst of 3.
	_, alice := newCustomer(t, s, "limited_alice")
	_, bob := newCustomer(t, s, "limited_bob")

	// count sends n requests and says how many passed, how many were limited,
	// and how many a bucket of burst 10 refilled at 5/s could have let pass.
	// go-zero's TokenLimiter refills in whole seconds (its script is given
	// time.Unix()), so each second boundary the requests cross may add a whole
	// second's tokens at once: a 50 ms burst that crosses one may get 15.
	count := func(n int, do func() testkit.Answer) (ok, limited, most int) {
		start := time.Now()
		defer func() { most = 10 + 5*(int(time.Since(start).Seconds())+1) }()
		for range n {
			a := do()
			switch a.Status {
			case http.StatusOK:
				ok++
			case http.StatusTooManyRequests:
				limited++
				wantError(t, a.Status, a.Body, http.StatusTooManyRequests, "RATE_LIMITED")
				if a.Header.Get("Retry-After") == "" {
					t.Fatal("429 without Retry-After")
				}
			default:
				t.Fatalf("status %d %s", a.Status, a.Body)
			}
		}
		return ok, limited, 0
	}

	t.Run("per user", func(t *testing.T) {
		ok, limited, most := count(40, func() testkit.Answer {
			return s.Raw(t, http.MethodGet, "/v1/users/me", nil, "Authorization", "Bearer "+alice)
		})
		if limited == 0 || ok < 10 || ok > most {
			t.Fatalf("40 quick requests of one user: %d ok, %d limited; want a burst of 10 (plus refills, at most %d in all) then 429", ok, limited, most)
		}
		// Another user is not limited by alice's requests.
		if a := s.Raw(t, http.MethodGet, "/v1/users/me", nil, "Authorization", "Bearer "+bob); a.Status != http.StatusOK {
			t.Fatalf("bob after alice's flood: %d %s", a.Status, a.Body)
		}
	})

	t.Run("per address, and X-Forwarded-For from an untrusted peer changes nothing", func(t *testing.T) {
		ok, limited, most := count(40, func() testkit.Answer {
			// A forged header per request would give a fresh address each time
			// if it were believed.
			return s.Raw(t, http.MethodGet, "/v1/products?page=1&pageSize=1", nil, "X-Forwarded-For", fmt.Sprintf("203.0.113.%d", time.Now().Nanosecond()%250))
		})
		if limited == 0 || ok > most {
			t.Fatalf("40 quick anonymous requests: %d ok, %d limited (at most %d may pass)", ok, limited, most)
		}
		// Users with tokens are limited per user, not per address.
		if a := s.Raw(t, http.MethodGet, "/v1/orders", nil, "Authorization", "Bearer "+bob); a.Status != http.StatusOK {
			t.Fatalf("bob while the address is limited: %d %s", a.Status, a.Body)
		}
	})

	t.Run("signup", func(t *testing.T) {
		// Ten at once: the bucket holds 3, and the limiter answers before
		// the (slow) bcrypt of the ones it lets through.
		statuses := burst(t, 10, func(i int) (int, []byte, error) {
			return s.Call(http.MethodPost, "/v1/users/register", "",
				mustJSON(t, map[string]string{"username": fmt.Sprintf("spam_%d", i), "password": "spam-password"}))
		})
		if statuses[http.StatusTooManyRequests] < 5 || statuses[http.StatusOK]+statuses[http.StatusTooManyRequests] != 10 {
			t.Fatalf("10 registrations at once from one address answered %v; want at most the burst (3) and a refill through", statuses)
		}
	})
}

// burst sends n requests at once and counts the answers by status.
func burst(t *testing.T, n int, send func(i int) (int, []byte, error)) map[int]int {
	t.Helper()
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		statuses = map[int]int{}
	)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			status, _, err := send(i)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			statuses[status]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	return statuses
}
