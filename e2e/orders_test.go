package e2e

import (
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zsuite/testkit"
)

func TestCatalogueAndOrders(t *testing.T) {
	s := testkit.StartSuite(t)
	admin := login(t, s, "admin", "admin12345")
	_, alice := newCustomer(t, s, "alice")
	_, bob := newCustomer(t, s, "bob")

	widget := createProduct(t, s, admin, "Widget", 250, 50)
	gadget := createProduct(t, s, admin, "Gadget", 1999, 3)
	// Everything the test adds to stock through the admin API, per product.
	initial := map[int64]int64{widget.ID: 50, gadget.ID: 3}

	t.Run("products are public", func(t *testing.T) {
		got := getProduct(t, s, widget.ID)
		if got != (product{ID: widget.ID, Name: "Widget", Description: "about Widget", PriceCents: 250, Stock: 50}) {
			t.Fatalf("product = %+v", got)
		}
		status, body := s.Do(t, http.MethodGet, "/v1/products?page=1&pageSize=1", "", nil)
		if status != http.StatusOK {
			t.Fatalf("list: %d %s", status, body)
		}
		p := decode[page[product]](t, body)
		if p.Total != 2 || len(p.Items) != 1 || p.Items[0].ID != widget.ID {
			t.Fatalf("first page = %+v", p)
		}
		status, body = s.Do(t, http.MethodGet, "/v1/products?page=2&pageSize=1", "", nil)
		if p = decode[page[product]](t, body); status != http.StatusOK || len(p.Items) != 1 || p.Items[0].ID != gadget.ID {
			t.Fatalf("second page = %d %+v", status, p)
		}
		status, body = s.Do(t, http.MethodGet, "/v1/products", "", nil)
		if p = decode[page[product]](t, body); status != http.StatusOK || len(p.Items) != 2 {
			t.Fatalf("default page = %d %+v", status, p)
		}
		status, body = s.Do(t, http.MethodGet, "/v1/products?page=99&pageSize=100", "", nil)
		if p = decode[page[product]](t, body); status != http.StatusOK || len(p.Items) != 0 || p.Total != 2 {
			t.Fatalf("page past the end = %d %+v", status, p)
		}
		for _, q := range []string{"pageSize=0", "pageSize=101", "pageSize=-1", "page=0", "page=-3", "pageSize=abc", "page=1.5"} {
			status, body := s.Do(t, http.MethodGet, "/v1/products?"+q, "", nil)
			wantError(t, status, body, http.StatusBadRequest, "INVALID_ARGUMENT")
		}
		status, body = s.Do(t, http.MethodGet, "/v1/products/999999", "", nil)
		wantError(t, status, body, http.StatusNotFound, "NOT_FOUND")
		status, body = s.Do(t, http.MethodGet, "/v1/products/abc", "", nil)
		wantError(t, status, body, http.StatusBadRequest, "INVALID_ARGUMENT")
	})

	t.Run("admin only", func(t *testing.T) {
		body := mustJSON(t, map[string]any{"name": "Nope", "priceCents": 1, "stock": 1})
		status, out := s.Do(t, http.MethodPost, "/v1/admin/products", alice, body)
		wantError(t, status, out, http.StatusForbidden, "PERMISSION_DENIED")
		status, out = s.Do(t, http.MethodPost, "/v1/admin/products", "", body)
		wantError(t, status, out, http.StatusUnauthorized, "UNAUTHENTICATED")
		status, out = s.Do(t, http.MethodPost, path("/v1/admin/products/%d/stock", widget.ID), alice, mustJSON(t, map[string]any{"delta": 100}))
		wantError(t, status, out, http.StatusForbidden, "PERMISSION_DENIED")
		if stockOf(t, s, widget.ID) != 50 {
			t.Fatal("a refused stock change changed the stock")
		}
	})

	t.Run("bad products change nothing", func(t *testing.T) {
		for _, b := range []string{
			`{"name":"","priceCents":1,"stock":1}`,
			`{"name":"   ","priceCents":1,"stock":1}`,
			`{"name":"` + strings.Repeat("n", 201) + `","priceCents":1,"stock":1}`,
			`{"name":"x","description":"` + strings.Repeat("d", 2001) + `","priceCents":1,"stock":1}`,
			`{"name":"x","priceCents":-1,"stock":1}`,
			`{"name":"x","priceCents":1,"stock":-1}`,
			`{"name":"x","priceCents":"1","stock":1}`,
			`{"name":"x","priceCents":1.5,"stock":1}`,
			`{"name":"x","stock":1}`,
			`{"name":"x","priceCents":1,"stock":1`,
		} {
			status, out := s.Do(t, http.MethodPost, "/v1/admin/products", admin, []byte(b))
			wantError(t, status, out, http.StatusBadRequest, "INVALID_ARGUMENT")
		}
		status, out := s.Do(t, http.MethodGet, "/v1/products", "", nil)
		if p := decode[page[product]](t, out); status != http.StatusOK || p.Total != 2 {
			t.Fatalf("catalogue after bad products: %d %+v", status, p)
		}
	})

	t.Run("stock adjustments", func(t *testing.T) {
		status, out := s.Do(t, http.MethodPost, path("/v1/admin/products/%d/stock", gadget.ID), admin, mustJSON(t, map[string]any{"delta": 4}))
		if p := decode[product](t, out); status != http.StatusOK || p.Stock != 7 {
			t.Fatalf("restock: %d %s", status, out)
		}
		initial[gadget.ID] += 4
		status, out = s.Do(t, http.MethodPost, path("/v1/admin/products/%d/stock", gadget.ID), admin, mustJSON(t, map[string]any{"delta": -8}))
		wantError(t, status, out, http.StatusConflict, "CONFLICT")
		status, out = s.Do(t, http.MethodPost, "/v1/admin/products/999999/stock", admin, mustJSON(t, map[string]any{"delta": 1}))
		wantError(t, status, out, http.StatusNotFound, "NOT_FOUND")
		status, out = s.Do(t, http.MethodPost, path("/v1/admin/products/%d/stock", gadget.ID), admin, []byte(`{"delta":"x"}`))
		wantError(t, status, out, http.StatusBadRequest, "INVALID_ARGUMENT")
		if got := stockOf(t, s, gadget.ID); got != 7 {
			t.Fatalf("stock %d after refused changes, want 7", got)
		}
	})

	t.Run("order, read, list, cancel", func(t *testing.T) {
		o := mustOrder(t, s, alice, "first", line{widget.ID, 2}, line{gadget.ID, 1})
		if o.TotalCents != 2*250+1999 || len(o.Items) != 2 || o.ID <= 0 || o.ID >= 1<<53 || o.CreatedAt == "" {
			t.Fatalf("order = %+v", o)
		}
		wantItems := []orderItem{{widget.ID, "Widget", 250, 2}, {gadget.ID, "Gadget", 1999, 1}}
		if !slices.Equal(o.Items, wantItems) {
			t.Fatalf("items = %+v, want %+v", o.Items, wantItems)
		}
		if w, g := stockOf(t, s, widget.ID), stockOf(t, s, gadget.ID); w != 48 || g != 6 {
			t.Fatalf("stock after order: widget %d gadget %d", w, g)
		}
		status, out := s.Do(t, http.MethodGet, path("/v1/orders/%d", o.ID), alice, nil)
		if got := decode[order](t, out); status != http.StatusOK || got.ID != o.ID || got.Status != "CONFIRMED" || !slices.Equal(got.Items, wantItems) {
			t.Fatalf("get order: %d %s", status, out)
		}

		second := mustOrder(t, s, alice, "second", line{widget.ID, 1})
		list := listOrders(t, s, alice)
		if list.Total != 2 || list.Items[0].ID != second.ID || list.Items[1].ID != o.ID {
			t.Fatalf("list = %+v", list)
		}

		for range 2 { // cancelling again answers the same and returns stock once
			status, out = s.Do(t, http.MethodPost, path("/v1/orders/%d/cancel", o.ID), alice, nil)
			if got := decode[order](t, out); status != http.StatusOK || got.Status != "CANCELLED" || got.ID != o.ID {
				t.Fatalf("cancel: %d %s", status, out)
			}
			if w, g := stockOf(t, s, widget.ID), stockOf(t, s, gadget.ID); w != 49 || g != 7 {
				t.Fatalf("stock after cancel: widget %d gadget %d, want 49 and 7", w, g)
			}
		}
	})

	t.Run("bad orders change nothing", func(t *testing.T) {
		before := listOrders(t, s, alice).Total
		w := stockOf(t, s, widget.ID)
		long := strings.Repeat("k", 65)
		cases := []struct {
			key, body string
			status    int
			code      string
		}{
			{"", `{"items":[{"productId":1,"quantity":1}]}`, 400, "INVALID_ARGUMENT"},
			{"has space", `{"items":[{"productId":1,"quantity":1}]}`, 400, "INVALID_ARGUMENT"},
			{"semi;colon", `{"items":[{"productId":1,"quantity":1}]}`, 400, "INVALID_ARGUMENT"},
			{long, `{"items":[{"productId":1,"quantity":1}]}`, 400, "INVALID_ARGUMENT"},
			{"k1", `{"items":[]}`, 400, "INVALID_ARGUMENT"},
			{"k2", `{}`, 400, "INVALID_ARGUMENT"},
			{"k3", `{"items":[{"productId":` + itoa(widget.ID) + `,"quantity":0}]}`, 400, "INVALID_ARGUMENT"},
			{"k4", `{"items":[{"productId":` + itoa(widget.ID) + `,"quantity":-1}]}`, 400, "INVALID_ARGUMENT"},
			{"k5", `{"items":[{"productId":` + itoa(widget.ID) + `,"quantity":1001}]}`, 400, "INVALID_ARGUMENT"},
			{"k6", `{"items":[{"productId":` + itoa(widget.ID) + `,"quantity":100000000000000000000000}]}`, 400, "INVALID_ARGUMENT"},
			{"k7", `{"items":[{"productId":` + itoa(widget.ID) + `,"quantity":1.5}]}`, 400, "INVALID_ARGUMENT"},
			{"k8", `{"items":[{"productId":` + itoa(widget.ID) + `,"quantity":"1"}]}`, 400, "INVALID_ARGUMENT"},
			{"k9", `{"items":[{"productId":` + itoa(widget.ID) + `,"quantity":1},{"productId":` + itoa(widget.ID) + `,"quantity":1}]}`, 400, "INVALID_ARGUMENT"},
			{"k10", `{"items":[{"productId":0,"quantity":1}]}`, 400, "INVALID_ARGUMENT"},
			{"k11", `{"items":[{"productId":-5,"quantity":1}]}`, 400, "INVALID_ARGUMENT"},
			{"k12", `{"items":[{"productId":` + itoa(widget.ID) + `,"quantity":1}`, 400, "INVALID_ARGUMENT"},
			{"k13", `{"items":"many"}`, 400, "INVALID_ARGUMENT"},
			{"k14", `{"items":[{"productId":999999,"quantity":1}]}`, 404, "NOT_FOUND"},
			{"k15", `{"items":[{"productId":` + itoa(widget.ID) + `,"quantity":1},{"productId":999999,"quantity":1}]}`, 404, "NOT_FOUND"},
		}
		var many []string
		for i := range 21 {
			many = append(many, `{"productId":`+itoa(int64(1000+i))+`,"quantity":1}`)
		}
		cases = append(cases, struct {
			key, body string
			status    int
			code      string
		}{"k16", `{"items":[` + strings.Join(many, ",") + `]}`, 400, "INVALID_ARGUMENT"})
		for _, c := range cases {
			var headers []string
			if c.key != "" {
				headers = []string{"Idempotency-Key", c.key}
			}
			status, out := s.Do(t, http.MethodPost, "/v1/orders", alice, []byte(c.body), headers...)
			wantError(t, status, out, c.status, c.code)
		}
		if after := listOrders(t, s, alice).Total; after != before {
			t.Fatalf("bad orders created %d orders", after-before)
		}
		if got := stockOf(t, s, widget.ID); got != w {
			t.Fatalf("bad orders moved stock from %d to %d", w, got)
		}
	})

	t.Run("out of stock reserves nothing and cannot be cancelled", func(t *testing.T) {
		w, g := stockOf(t, s, widget.ID), stockOf(t, s, gadget.ID)
		status, out := placeOrder(t, s, bob, "too-many", line{widget.ID, 1}, line{gadget.ID, g + 1})
		wantError(t, status, out, http.StatusConflict, "OUT_OF_STOCK")
		if stockOf(t, s, widget.ID) != w || stockOf(t, s, gadget.ID) != g {
			t.Fatal("a refused order moved stock")
		}
		// The same request again answers the same.
		status, out = placeOrder(t, s, bob, "too-many", line{widget.ID, 1}, line{gadget.ID, g + 1})
		wantError(t, status, out, http.StatusConflict, "OUT_OF_STOCK")
		list := listOrders(t, s, bob)
		if list.Total != 1 || list.Items[0].Status != "REJECTED" {
			t.Fatalf("bob's orders = %+v", list)
		}
		status, out = s.Do(t, http.MethodPost, path("/v1/orders/%d/cancel", list.Items[0].ID), bob, nil)
		wantError(t, status, out, http.StatusConflict, "CONFLICT")
	})

	t.Run("idempotency", func(t *testing.T) {
		w := stockOf(t, s, widget.ID)
		first := mustOrder(t, s, alice, "retry-me", line{widget.ID, 1})
		again := mustOrder(t, s, alice, "retry-me", line{widget.ID, 1})
		if again.ID != first.ID {
			t.Fatalf("a retry made a second order: %d and %d", first.ID, again.ID)
		}
		if got := stockOf(t, s, widget.ID); got != w-1 {
			t.Fatalf("stock %d after an order and its retry, want %d", got, w-1)
		}
		status, out := placeOrder(t, s, alice, "retry-me", line{widget.ID, 2})
		wantError(t, status, out, http.StatusConflict, "IDEMPOTENCY_KEY_REUSED")
		// Keys are per user: bob may use the same one.
		mustOrder(t, s, bob, "retry-me", line{widget.ID, 1})

		// Concurrent retries of one request make one order and one reservation.
		w = stockOf(t, s, widget.ID)
		const n = 20
		ids := make([]int64, n)
		errs := make([]string, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				status, out, err := s.Call(http.MethodPost, "/v1/orders", alice,
					[]byte(`{"items":[{"productId":`+itoa(widget.ID)+`,"quantity":1}]}`), "Idempotency-Key", "concurrent")
				if err != nil || status != http.StatusOK {
					errs[i] = string(out)
					return
				}
				ids[i] = decodeOrderID(out)
			})
		}
		wg.Wait()
		for i := range n {
			if errs[i] != "" || ids[i] != ids[0] || ids[0] == 0 {
				t.Fatalf("retry %d: id %d (first %d), error %s", i, ids[i], ids[0], errs[i])
			}
		}
		if got := stockOf(t, s, widget.ID); got != w-1 {
			t.Fatalf("stock %d after %d concurrent retries, want %d", got, n, w-1)
		}
	})

	t.Run("isolation between users", func(t *testing.T) {
		mine := mustOrder(t, s, alice, "private", line{widget.ID, 1})
		status, out := s.Do(t, http.MethodGet, path("/v1/orders/%d", mine.ID), bob, nil)
		wantError(t, status, out, http.StatusNotFound, "NOT_FOUND")
		status, out = s.Do(t, http.MethodPost, path("/v1/orders/%d/cancel", mine.ID), bob, nil)
		wantError(t, status, out, http.StatusNotFound, "NOT_FOUND")
		for _, o := range listOrders(t, s, bob).Items {
			if o.ID == mine.ID {
				t.Fatal("bob's list shows alice's order")
			}
		}
		status, out = s.Do(t, http.MethodGet, "/v1/orders/999999", alice, nil)
		wantError(t, status, out, http.StatusNotFound, "NOT_FOUND")
		status, out = s.Do(t, http.MethodGet, path("/v1/orders/%d", mine.ID), "", nil)
		wantError(t, status, out, http.StatusUnauthorized, "UNAUTHENTICATED")
		status, out = s.Do(t, http.MethodGet, path("/v1/orders/%d", mine.ID), alice, nil)
		if got := decode[order](t, out); status != http.StatusOK || got.Status != "CONFIRMED" {
			t.Fatalf("alice's order after bob's tries: %d %s", status, out)
		}
	})

	t.Run("overview", func(t *testing.T) {
		var placed []int64
		for i := range 6 {
			placed = append(placed, mustOrder(t, s, alice, key("overview", i), line{widget.ID, 1}).ID)
		}
		status, out := s.Do(t, http.MethodGet, "/v1/users/me/overview", alice, nil)
		if status != http.StatusOK {
			t.Fatalf("overview: %d %s", status, out)
		}
		ov := decode[struct {
			User         user    `json:"user"`
			RecentOrders []order `json:"recentOrders"`
		}](t, out)
		if ov.User.Username != "alice" || len(ov.RecentOrders) != 5 {
			t.Fatalf("overview = %+v", ov)
		}
		for i, o := range ov.RecentOrders {
			if o.ID != placed[5-i] || o.Items[0].Name != "Widget" {
				t.Fatalf("recent order %d = %+v, want id %d", i, o, placed[5-i])
			}
		}
	})

	t.Run("a product unknown when ordered can be ordered once created", func(t *testing.T) {
		// order-rpc keeps the names and prices it has seen; an unknown id must not stick.
		status, body := s.Do(t, http.MethodGet, "/v1/products?page=1&pageSize=100", "", nil)
		if status != http.StatusOK {
			t.Fatalf("list: %d %s", status, body)
		}
		var next int64
		for _, p := range decode[page[product]](t, body).Items {
			next = max(next, p.ID+1)
		}
		status, body = placeOrder(t, s, alice, key("later", 1), line{next, 1})
		wantError(t, status, body, http.StatusNotFound, "NOT_FOUND")
		later := createProduct(t, s, admin, "Later", 700, 5)
		if later.ID != next {
			t.Fatalf("the new product got id %d, not the next one (%d): the test's assumption broke", later.ID, next)
		}
		initial[later.ID] = 5
		o := mustOrder(t, s, alice, key("later", 2), line{later.ID, 2})
		if o.TotalCents != 1400 || o.Items[0].Name != "Later" {
			t.Fatalf("order = %+v", o)
		}
	})

	ledger(t, s, initial)
}

func TestNoOversell(t *testing.T) {
	s := testkit.StartSuite(t)
	admin := login(t, s, "admin", "admin12345")
	const stock, buyers, perBuyer = 7, 20, 10
	hot := createProduct(t, s, admin, "Hot", 500, stock)
	tokens := make([]string, buyers)
	for i := range buyers {
		_, tokens[i] = newCustomer(t, s, "buyer"+itoa(int64(i)))
	}

	var (
		wg                  sync.WaitGroup
		mu                  sync.Mutex
		confirmed, rejected int
		unexpected          []string
	)
	for b := range buyers {
		for r := range perBuyer {
			wg.Go(func() {
				// A 503 means the order is not settled yet; the contract says
				// to retry with the same key to see how it ends (on a loaded
				// machine a few of 200 orders on one row run out of time).
				var (
					status int
					out    []byte
					err    error
				)
				for try := 0; try < 30; try++ {
					status, out, err = s.Call(http.MethodPost, "/v1/orders", tokens[b],
						[]byte(`{"items":[{"productId":`+itoa(hot.ID)+`,"quantity":1}]}`), "Idempotency-Key", key("k", r))
					if err != nil || status != http.StatusServiceUnavailable {
						break
					}
					time.Sleep(500 * time.Millisecond)
				}
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err != nil:
					unexpected = append(unexpected, err.Error())
				case status == http.StatusOK:
					confirmed++
				case status == http.StatusConflict && strings.Contains(string(out), "OUT_OF_STOCK"):
					rejected++
				default:
					unexpected = append(unexpected, itoa(int64(status))+" "+string(out))
				}
			})
		}
	}
	wg.Wait()
	if len(unexpected) > 0 {
		t.Fatalf("%d unexpected answers, e.g. %s", len(unexpected), unexpected[0])
	}
	if confirmed != stock || rejected != buyers*perBuyer-stock {
		t.Fatalf("confirmed %d, rejected %d; want %d and %d", confirmed, rejected, stock, buyers*perBuyer-stock)
	}
	if got := stockOf(t, s, hot.ID); got != 0 {
		t.Fatalf("stock ends at %d, want 0", got)
	}
	ledger(t, s, map[int64]int64{hot.ID: stock})
}
