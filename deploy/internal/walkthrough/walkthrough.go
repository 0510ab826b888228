// Package walkthrough is the README's walkthrough against a running user-api,
// checked, through the harness's HTTP client (testkit/stack.Client): the
// container tests of the compose stack (deploy/composee2e) and of the
// Kubernetes cluster (deploy/kubee2e) both run it.
package walkthrough

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	teststack "github.com/zsuite/testkit/stack"
)

// Client talks to user-api at BaseURL, through the harness's HTTP client.
type Client struct{ teststack.Client }

// New returns a Client of user-api at base (http://host:port).
func New(t testing.TB, base string) *Client {
	t.Helper()
	return &Client{teststack.Client{BaseURL: base, HTTP: &http.Client{Timeout: 10 * time.Second}}}
}

// Do sends a request and decodes the answer into out, failing the test on
// any status but want. header holds extra headers.
func (c *Client) Do(t testing.TB, method, path, token string, header map[string]string, body any, want int, out any) {
	t.Helper()
	var raw []byte
	if body != nil {
		var err error
		if raw, err = json.Marshal(body); err != nil {
			t.Fatal(err)
		}
	}
	var headers []string
	for k, v := range header {
		headers = append(headers, k, v)
	}
	a, err := c.Call(context.Background(), method, path, token, raw, headers...)
	if err != nil {
		t.Fatal(err)
	}
	if a.Status != want {
		t.Fatalf("%s %s: %d %s, want %d", method, path, a.Status, a.Body, want)
	}
	if out != nil {
		if err := json.Unmarshal(a.Body, out); err != nil {
			t.Fatalf("%s %s: %v: %s", method, path, err, a.Body)
		}
	}
}

// Storefront checks that the storefront is served on user-api's origin (the
// README: open it in a browser): the page at /, its script, and the page's
// Content-Security-Policy, which lets it talk to its own origin only.
func (c *Client) Storefront(t testing.TB) {
	t.Helper()
	for path, want := range map[string]string{"/": "text/html", "/app.js": "text/javascript", "/style.css": "text/css"} {
		a, err := c.Send(context.Background(), "GET", path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != http.StatusOK || !strings.HasPrefix(a.Header.Get("Content-Type"), want) || len(a.Body) == 0 {
			t.Fatalf("the storefront's GET %s: %d %q, %d bytes", path, a.Status, a.Header.Get("Content-Type"), len(a.Body))
		}
		if csp := a.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "connect-src 'self'") {
			t.Fatalf("the storefront's GET %s has the Content-Security-Policy %q", path, csp)
		}
		if path == "/" && !strings.Contains(string(a.Body), "<title>zsuite shop</title>") {
			t.Fatalf("GET / is not the storefront: %.300s", a.Body)
		}
	}
}

// Login logs username in and returns the access token.
func (c *Client) Login(t testing.TB, username, password string) string {
	t.Helper()
	var resp struct {
		AccessToken string `json:"accessToken"`
	}
	c.Do(t, "POST", "/v1/users/login", "", nil, map[string]string{"username": username, "password": password}, 200, &resp)
	if resp.AccessToken == "" {
		t.Fatalf("login %s: no token", username)
	}
	return resp.AccessToken
}

// User is a user as user-api answers it.
type User struct {
	Id       int64  `json:"id"`
	Username string `json:"username"`
	Role     string `json:"role"`
}

// Product is a product as user-api answers it.
type Product struct {
	Id         int64  `json:"id"`
	Name       string `json:"name"`
	PriceCents int64  `json:"priceCents"`
	Stock      int64  `json:"stock"`
}

// Order is an order as user-api answers it.
type Order struct {
	Id         int64  `json:"id"`
	Status     string `json:"status"`
	TotalCents int64  `json:"totalCents"`
	Items      []struct {
		ProductId int64 `json:"productId"`
		Quantity  int64 `json:"quantity"`
	} `json:"items"`
}

// Run is the README's walkthrough, checked: register, log in, me,
// the catalogue, an order (and its retry), read, list, cancel, the overview,
// an admin adding and restocking a product. It returns a second, confirmed
// order, left in place for the restart check.
func Run(t testing.TB, c *Client) Order {
	t.Helper()
	c.WaitServing(t, 90*time.Second)
	c.Storefront(t)
	var alice User
	c.Do(t, "POST", "/v1/users/register", "", nil,
		map[string]string{"username": "alice", "password": "correct-horse", "email": "alice@example.com"}, 200, &alice)
	token := c.Login(t, "alice", "correct-horse")
	var me User
	c.Do(t, "GET", "/v1/users/me", token, nil, nil, 200, &me)
	if me.Id != alice.Id || me.Username != "alice" || me.Role != "customer" {
		t.Fatalf("me is %+v, want alice (%d), a customer", me, alice.Id)
	}

	var page struct {
		Items []Product `json:"items"`
		Total int64     `json:"total"`
	}
	c.Do(t, "GET", "/v1/products?page=1&pageSize=5", "", nil, nil, 200, &page)
	if len(page.Items) != 5 || page.Total < 12 {
		t.Fatalf("the first page of products has %d of %d; want 5 of the demo catalogue's dozen", len(page.Items), page.Total)
	}
	var p1, p2 Product
	c.Do(t, "GET", "/v1/products/1", "", nil, nil, 200, &p1)
	c.Do(t, "GET", "/v1/products/2", "", nil, nil, 200, &p2)

	items := map[string]any{"items": []map[string]int64{{"productId": 1, "quantity": 2}, {"productId": 2, "quantity": 1}}}
	key := map[string]string{"Idempotency-Key": "first-order"}
	var first, retried Order
	c.Do(t, "POST", "/v1/orders", token, key, items, 200, &first)
	if first.Status != "CONFIRMED" || first.TotalCents != 2*p1.PriceCents+p2.PriceCents {
		t.Fatalf("the order is %+v; want CONFIRMED for %d cents", first, 2*p1.PriceCents+p2.PriceCents)
	}
	c.Do(t, "POST", "/v1/orders", token, key, items, 200, &retried)
	if retried.Id != first.Id {
		t.Fatalf("the retry with the same Idempotency-Key made order %d besides %d", retried.Id, first.Id)
	}
	var got Order
	c.Do(t, "GET", fmt.Sprintf("/v1/orders/%d", first.Id), token, nil, nil, 200, &got)
	var list struct {
		Items []Order `json:"items"`
		Total int64   `json:"total"`
	}
	c.Do(t, "GET", "/v1/orders?page=1&pageSize=10", token, nil, nil, 200, &list)
	if list.Total != 1 || len(list.Items) != 1 || list.Items[0].Id != first.Id {
		t.Fatalf("alice's orders are %+v, want the one order %d", list, first.Id)
	}
	var cancelled Order
	c.Do(t, "POST", fmt.Sprintf("/v1/orders/%d/cancel", first.Id), token, nil, nil, 200, &cancelled)
	if cancelled.Status != "CANCELLED" {
		t.Fatalf("the cancelled order is %s", cancelled.Status)
	}
	var p1After Product
	c.Do(t, "GET", "/v1/products/1", "", nil, nil, 200, &p1After)
	if p1After.Stock != p1.Stock {
		t.Fatalf("product 1 has %d in stock after the cancel, had %d before the order", p1After.Stock, p1.Stock)
	}

	var kept Order
	c.Do(t, "POST", "/v1/orders", token, map[string]string{"Idempotency-Key": "kept-order"},
		map[string]any{"items": []map[string]int64{{"productId": 3, "quantity": 1}}}, 200, &kept)
	if kept.Status != "CONFIRMED" {
		t.Fatalf("the second order is %s", kept.Status)
	}
	var overview struct {
		User         User    `json:"user"`
		RecentOrders []Order `json:"recentOrders"`
	}
	c.Do(t, "GET", "/v1/users/me/overview", token, nil, nil, 200, &overview)
	if overview.User.Id != alice.Id || len(overview.RecentOrders) != 2 || overview.RecentOrders[0].Id != kept.Id {
		t.Fatalf("the overview is %+v; want alice and her two orders, the newest first", overview)
	}

	admin := c.Login(t, "admin", "admin12345")
	var kettle, restocked Product
	c.Do(t, "POST", "/v1/admin/products", admin, nil,
		map[string]any{"name": "Kettle", "description": "1.7 l", "priceCents": 3900, "stock": 20}, 200, &kettle)
	c.Do(t, "POST", fmt.Sprintf("/v1/admin/products/%d/stock", kettle.Id), admin, nil, map[string]int64{"delta": 5}, 200, &restocked)
	if restocked.Stock != 25 {
		t.Fatalf("the kettle has %d in stock after restocking 20 with 5", restocked.Stock)
	}
	c.Do(t, "POST", "/v1/admin/products", token, nil,
		map[string]any{"name": "Teapot", "priceCents": 100, "stock": 1}, 403, nil)
	t.Logf("walkthrough: alice %d, orders %d (cancelled) and %d, product %d", alice.Id, first.Id, kept.Id, kettle.Id)
	return kept
}

// WaitServing waits until the BFF answers, through each RPC service and its
// database, something other than 503 — as a client told "503, Retry-After"
// does. Healthy containers are not quite that: on a cold start the network's
// DNS (podman's aardvark-dns) has been seen not to answer new lookups for
// half a minute after every container was healthy, and a service's first new
// connection to its database then fails (503, as a dependency that is down).
// A 503 that outlasts the wait fails the test.
func (c *Client) WaitServing(t testing.TB, within time.Duration) {
	t.Helper()
	// Through inventory-rpc and through user-rpc; order-rpc is first reached by
	// the walkthrough's order, which needs a customer's token.
	probes := []struct{ method, path, body string }{
		{"GET", "/v1/products?page=1&pageSize=1", ""},
		// a new name each try: the login limiter counts attempts per name
		{"POST", "/v1/users/login", `{"username":"nobody%d","password":"not-a-password"}`},
	}
	start, deadline := time.Now(), time.Now().Add(within)
	for _, p := range probes {
		for try := 0; ; try++ {
			var body []byte
			if p.body != "" {
				body = fmt.Appendf(nil, p.body, try)
			}
			a, err := c.Call(context.Background(), p.method, p.path, "", body)
			if err == nil && a.Status != http.StatusServiceUnavailable {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s %s still answers %d (%v) %s after every container was ready", p.method, p.path, a.Status, err, within)
			}
			time.Sleep(500 * time.Millisecond)
		}
	}
	if d := time.Since(start); d > time.Second {
		t.Logf("the BFF served through its RPC services %s after every container was healthy", d.Round(100*time.Millisecond))
	}
}
