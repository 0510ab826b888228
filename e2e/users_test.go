package e2e

import (
	"context"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v4"
	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/zsuite/testkit"
)

// previousSecret is the JWT secret before the current one: a rotation in progress.
const previousSecret = "previous-jwt-secret-0123456789"

func TestUsers(t *testing.T) {
	s := testkit.StartSuite(t, testkit.WithEnv("user-api", "JWT_PREVIOUS_SECRET", previousSecret),
		// Every line user-api logs, so that the check of secrets in its log sees them all.
		testkit.WithEnv("user-api", "LOG_LEVEL", "info"))

	t.Run("register", func(t *testing.T) {
		status, body := s.Do(t, http.MethodPost, "/v1/users/register", "",
			mustJSON(t, map[string]string{"username": "Alice_1", "password": "password1", "email": "alice@example.com"}))
		if status != http.StatusOK {
			t.Fatalf("register: %d %s", status, body)
		}
		u := decode[user](t, body)
		if u.ID <= 0 || u.ID >= 1<<53 || u.Username != "Alice_1" || u.Email != "alice@example.com" || u.Role != "customer" {
			t.Fatalf("registered %+v", u)
		}
		if _, err := time.Parse(time.RFC3339, u.CreatedAt); err != nil {
			t.Fatalf("createdAt %q: %v", u.CreatedAt, err)
		}
		if strings.Contains(string(body), "password") {
			t.Fatalf("the answer mentions the password: %s", body)
		}
	})

	t.Run("duplicate username, any case", func(t *testing.T) {
		registerUser(t, s, "dup_user", "password1")
		for _, name := range []string{"dup_user", "DUP_USER", "Dup_User"} {
			status, body := s.Do(t, http.MethodPost, "/v1/users/register", "",
				mustJSON(t, map[string]string{"username": name, "password": "password2"}))
			wantError(t, status, body, http.StatusConflict, "ALREADY_EXISTS")
		}
		// The first account is untouched: its password still works.
		login(t, s, "dup_user", "password1")
	})

	t.Run("bad input changes nothing", func(t *testing.T) {
		bad := []string{
			`{"username":"valid_name","password":`,          // malformed JSON
			`not json at all`,                               // not JSON
			`{"username":12345,"password":"password1"}`,     // wrong type
			`{"username":"valid_name","password":12345678}`, // wrong type
			`{"password":"password1"}`,                      // missing username
			`{"username":"valid_name"}`,                     // missing password
			`{"username":"ab","password":"password1"}`,      // too short
			`{"username":"` + strings.Repeat("a", 33) + `","password":"password1"}`,
			`{"username":"valid name","password":"password1"}`,
			`{"username":"valid-name","password":"password1"}`,
			`{"username":"válid_name","password":"password1"}`,
			`{"username":"valid_name","password":"short"}`,
			`{"username":"valid_name","password":"` + strings.Repeat("p", 73) + `"}`,
			`{"username":"valid_name","password":"password1","email":"not-an-email"}`,
			`{"username":"valid_name","password":"password1","email":"a@b"}`,
			`{"username":"valid_name","password":"password1","email":"` + strings.Repeat("m", 300) + `@example.com"}`,
		}
		for _, b := range bad {
			status, body := s.Do(t, http.MethodPost, "/v1/users/register", "", []byte(b))
			wantError(t, status, body, http.StatusBadRequest, "INVALID_ARGUMENT")
		}
		// Nothing was created: the name is still free.
		registerUser(t, s, "valid_name", "password1")
	})

	t.Run("login and me", func(t *testing.T) {
		u := registerUser(t, s, "bob_2", "bob-password")
		status, body := s.Do(t, http.MethodPost, "/v1/users/login", "",
			mustJSON(t, map[string]string{"username": "BOB_2", "password": "bob-password"}))
		if status != http.StatusOK {
			t.Fatalf("login: %d %s", status, body)
		}
		lr := decode[loginResp](t, body)
		if d := time.Until(time.Unix(lr.ExpiresAt, 0)); d < 119*time.Minute || d > 121*time.Minute {
			t.Fatalf("token expires in %v, want 2h", d)
		}
		claims := jwt.MapClaims{}
		tok, err := jwt.ParseWithClaims(lr.AccessToken, claims, func(*jwt.Token) (any, error) { return []byte(testkit.JWTSecret), nil })
		if err != nil || tok.Method.Alg() != "HS256" || claims["role"] != "customer" {
			t.Fatalf("token %v %v %v", err, tok.Method.Alg(), claims)
		}

		status, body = s.Do(t, http.MethodGet, "/v1/users/me", lr.AccessToken, nil)
		if status != http.StatusOK {
			t.Fatalf("me: %d %s", status, body)
		}
		if me := decode[user](t, body); me != u {
			t.Fatalf("me = %+v, want %+v", me, u)
		}
	})

	t.Run("wrong password and unknown user answer alike", func(t *testing.T) {
		registerUser(t, s, "carol_3", "carol-password")
		s1, b1 := s.Do(t, http.MethodPost, "/v1/users/login", "", mustJSON(t, map[string]string{"username": "carol_3", "password": "wrong-password"}))
		s2, b2 := s.Do(t, http.MethodPost, "/v1/users/login", "", mustJSON(t, map[string]string{"username": "nobody_here", "password": "wrong-password"}))
		e1 := wantError(t, s1, b1, http.StatusUnauthorized, "UNAUTHENTICATED")
		e2 := wantError(t, s2, b2, http.StatusUnauthorized, "UNAUTHENTICATED")
		if e1 != e2 {
			t.Fatalf("answers differ: %+v vs %+v", e1, e2)
		}
		status, body := s.Do(t, http.MethodPost, "/v1/users/login", "", []byte(`{"username":"carol_3"}`))
		wantError(t, status, body, http.StatusBadRequest, "INVALID_ARGUMENT")
	})

	t.Run("rate limit after five failures", func(t *testing.T) {
		registerUser(t, s, "dave_4", "dave-password")
		registerUser(t, s, "erin_5", "erin-password")
		for i := range 5 {
			status, body := s.Do(t, http.MethodPost, "/v1/users/login", "", mustJSON(t, map[string]string{"username": "dave_4", "password": "wrong-password"}))
			wantError(t, status, body, http.StatusUnauthorized, "UNAUTHENTICATED")
			_ = i
		}
		// Now even the right password is refused, in any case of the name.
		for _, name := range []string{"dave_4", "DAVE_4"} {
			status, body := s.Do(t, http.MethodPost, "/v1/users/login", "", mustJSON(t, map[string]string{"username": name, "password": "dave-password"}))
			wantError(t, status, body, http.StatusTooManyRequests, "RATE_LIMITED")
		}
		// Another username is not affected.
		login(t, s, "erin_5", "erin-password")
	})

	var frankToken string
	t.Run("me refuses bad tokens", func(t *testing.T) {
		u, good := newCustomer(t, s, "frank_6")
		frankToken = good
		now := time.Now()
		sign := func(secret string, claims jwt.MapClaims, method jwt.SigningMethod) string {
			tok, err := jwt.NewWithClaims(method, claims).SignedString([]byte(secret))
			if err != nil {
				t.Fatal(err)
			}
			return tok
		}
		valid := jwt.MapClaims{"userId": u.ID, "role": "customer", "iat": now.Unix(), "exp": now.Add(time.Hour).Unix()}
		expired := jwt.MapClaims{"userId": u.ID, "role": "customer", "iat": now.Add(-3 * time.Hour).Unix(), "exp": now.Add(-time.Hour).Unix()}
		parts := strings.Split(good, ".")
		tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"userId":1,"role":"admin","exp":9999999999}`)) + "." + parts[2]
		none := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." +
			base64.RawURLEncoding.EncodeToString([]byte(`{"userId":1,"role":"admin","exp":9999999999}`)) + "."

		without := func(claim string) jwt.MapClaims {
			c := jwt.MapClaims{}
			for k, v := range valid {
				if k != claim {
					c[k] = v
				}
			}
			return c
		}
		future := jwt.MapClaims{"userId": u.ID, "role": "customer", "iat": now.Add(time.Hour).Unix(), "exp": now.Add(2 * time.Hour).Unix()}
		nobody := jwt.MapClaims{"userId": 987654321, "role": "customer", "iat": now.Unix(), "exp": now.Add(time.Hour).Unix()}
		refused := map[string]string{
			"missing":         "",
			"malformed":       "Bearer not-a-token",
			"not bearer":      "Basic " + good,
			"bare token":      good,
			"expired":         "Bearer " + sign(testkit.JWTSecret, expired, jwt.SigningMethodHS256),
			"wrong secret":    "Bearer " + sign("another-secret-0123456789abcdef", valid, jwt.SigningMethodHS256),
			"tampered":        "Bearer " + tampered,
			"alg none":        "Bearer " + none,
			"HS384":           "Bearer " + sign(testkit.JWTSecret, valid, jwt.SigningMethodHS384),
			"HS512":           "Bearer " + sign(testkit.JWTSecret, valid, jwt.SigningMethodHS512),
			"no exp":          "Bearer " + sign(testkit.JWTSecret, without("exp"), jwt.SigningMethodHS256),
			"no iat":          "Bearer " + sign(testkit.JWTSecret, without("iat"), jwt.SigningMethodHS256),
			"future iat":      "Bearer " + sign(testkit.JWTSecret, future, jwt.SigningMethodHS256),
			"no such account": "Bearer " + sign(testkit.JWTSecret, nobody, jwt.SigningMethodHS256),
		}
		// Every route that acts for a user refuses them all, not only /me; an
		// order placed with one would reserve stock for nobody.
		for name, header := range refused {
			var headers []string
			if header != "" {
				headers = []string{"Authorization", header}
			}
			for _, call := range []struct{ method, path, body string }{
				{http.MethodPost, "/v1/orders", `{"items":[{"productId":1,"quantity":1}]}`},
				{http.MethodGet, "/v1/orders", ""},
				{http.MethodGet, "/v1/users/me/overview", ""},
				{http.MethodPost, "/v1/admin/products", `{"name":"x","priceCents":1,"stock":1}`},
			} {
				var body []byte
				if call.body != "" {
					body = []byte(call.body)
				}
				status, answer := s.Do(t, call.method, call.path, "", body, append(headers, "Idempotency-Key", "refused-"+strings.ReplaceAll(name, " ", "-"))...)
				if status != http.StatusUnauthorized {
					t.Fatalf("%s token on %s %s: status %d %s", name, call.method, call.path, status, answer)
				}
			}
		}
		for name, header := range refused {
			var headers []string
			if header != "" {
				headers = []string{"Authorization", header}
			}
			status, body := s.Do(t, http.MethodGet, "/v1/users/me", "", nil, headers...)
			if status != http.StatusUnauthorized {
				t.Fatalf("%s token: status %d %s", name, status, body)
			}
			wantError(t, status, body, http.StatusUnauthorized, "UNAUTHENTICATED")
		}
		// The same claims signed right are accepted: the refusals above are about the token.
		// So are tokens signed with the previous secret while a rotation rolls out.
		for _, secret := range []string{testkit.JWTSecret, previousSecret} {
			status, body := s.Do(t, http.MethodGet, "/v1/users/me", sign(secret, valid, jwt.SigningMethodHS256), nil)
			if status != http.StatusOK {
				t.Fatalf("valid token: %d %s", status, body)
			}
		}
	})

	var adminToken string
	t.Run("seeded admin", func(t *testing.T) {
		token := login(t, s, "admin", "admin12345")
		adminToken = token
		status, body := s.Do(t, http.MethodGet, "/v1/users/me", token, nil)
		if status != http.StatusOK || decode[user](t, body).Role != "admin" {
			t.Fatalf("admin me: %d %s", status, body)
		}
	})

	t.Run("unknown route and method answer JSON", func(t *testing.T) {
		status, body := s.Do(t, http.MethodGet, "/v1/nothing-here", "", nil)
		wantError(t, status, body, http.StatusNotFound, "NOT_FOUND")
		status, body = s.Do(t, http.MethodDelete, "/v1/users/register", "", nil)
		wantError(t, status, body, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED")
		// A 405 says which methods the route has (RFC 9110).
		resp := s.Raw(t, http.MethodDelete, "/v1/users/register", nil)
		if allow := resp.Header.Get("Allow"); allow != http.MethodPost {
			t.Fatalf("405 Allow = %q, want POST", allow)
		}
	})

	t.Run("services register in etcd and leave it when stopped", func(t *testing.T) {
		_, token := newCustomer(t, s, "gina_7")
		cli := etcdClient(t)
		prefix := s.EtcdPrefix
		for _, key := range []string{"user.rpc", "order.rpc", "inventory.rpc"} {
			if n := countKeys(t, cli, prefix+key); n != 1 {
				t.Fatalf("%s%s has %d registrations, want 1", prefix, key, n)
			}
		}
		rpc := s.Proc("user-rpc")
		rpc.Stop()
		if n := countKeys(t, cli, prefix+"user.rpc"); n != 0 {
			t.Fatalf("a stopped user-rpc is still registered %d time(s)", n)
		}
		status, body := s.Do(t, http.MethodGet, "/v1/users/me", token, nil)
		wantError(t, status, body, http.StatusServiceUnavailable, "UNAVAILABLE")

		rpc.Start(t)
		deadline := time.Now().Add(10 * time.Second)
		for {
			status, body = s.Do(t, http.MethodGet, "/v1/users/me", token, nil)
			if status == http.StatusOK || time.Now().After(deadline) {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		if status != http.StatusOK {
			t.Fatalf("me after user-rpc came back: %d %s", status, body)
		}

		// A killed service cannot deregister: its key goes when its lease expires.
		rpc.Kill()
		deadline = time.Now().Add(30 * time.Second)
		for countKeys(t, cli, prefix+"user.rpc") != 0 {
			if time.Now().After(deadline) {
				t.Fatal("a killed user-rpc is still registered after 30s; its lease should have expired")
			}
			time.Sleep(250 * time.Millisecond)
		}
		rpc.Start(t)
	})

	t.Run("passwords and tokens never reach the logs", func(t *testing.T) {
		// The refusals above were made at the level the suite runs at; the
		// refused tokens (frank's, sent as "Basic" and bare) must not be
		// logged either: go-zero's JWT middleware logged them whole.
		for _, name := range []string{"user-api", "user-rpc"} {
			log := s.Proc(name).Log()
			for _, secret := range []string{"wrong-password", "carol-password", "dave-password", "bob-password", adminToken, frankToken} {
				if secret != "" && strings.Contains(log, secret) {
					t.Fatalf("%s's log contains %q:\n%s", name, secret, log)
				}
			}
		}
	})
}

func etcdClient(t *testing.T) *clientv3.Client {
	t.Helper()
	hosts, _ := testkit.Etcd(t)
	cli, err := clientv3.New(clientv3.Config{Endpoints: hosts, DialTimeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cli.Close() })
	return cli
}

func countKeys(t *testing.T, cli *clientv3.Client, prefix string) int64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	resp, err := cli.Get(ctx, prefix+"/", clientv3.WithPrefix(), clientv3.WithCountOnly())
	if err != nil {
		t.Fatal(err)
	}
	return resp.Count
}
