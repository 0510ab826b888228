package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/zsuite/testkit"
)

type product struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	PriceCents  int64  `json:"priceCents"`
	Stock       int64  `json:"stock"`
}

type orderItem struct {
	ProductID  int64  `json:"productId"`
	Name       string `json:"name"`
	PriceCents int64  `json:"priceCents"`
	Quantity   int64  `json:"quantity"`
}

type order struct {
	ID         int64       `json:"id"`
	Status     string      `json:"status"`
	TotalCents int64       `json:"totalCents"`
	Items      []orderItem `json:"items"`
	CreatedAt  string      `json:"createdAt"`
}

type page[T any] struct {
	Items []T   `json:"items"`
	Total int64 `json:"total"`
}

type line struct {
	ProductID int64 `json:"productId"`
	Quantity  int64 `json:"quantity"`
}

func createProduct(t *testing.T, s *testkit.Suite, admin, name string, price, stock int64) product {
	t.Helper()
	status, body := s.Do(t, http.MethodPost, "/v1/admin/products", admin,
		mustJSON(t, map[string]any{"name": name, "description": "about " + name, "priceCents": price, "stock": stock}))
	if status != http.StatusOK {
		t.Fatalf("create product %s: %d %s", name, status, body)
	}
	return decode[product](t, body)
}

func getProduct(t *testing.T, s *testkit.Suite, id int64) product {
	t.Helper()
	status, body := s.Do(t, http.MethodGet, path("/v1/products/%d", id), "", nil)
	if status != http.StatusOK {
		t.Fatalf("get product %d: %d %s", id, status, body)
	}
	return decode[product](t, body)
}

func stockOf(t *testing.T, s *testkit.Suite, id int64) int64 { return getProduct(t, s, id).Stock }

// placeOrder posts an order and returns the status and body.
func placeOrder(t *testing.T, s *testkit.Suite, token, key string, lines ...line) (int, []byte) {
	t.Helper()
	return s.Do(t, http.MethodPost, "/v1/orders", token, mustJSON(t, map[string]any{"items": lines}), "Idempotency-Key", key)
}

func mustOrder(t *testing.T, s *testkit.Suite, token, key string, lines ...line) order {
	t.Helper()
	status, body := placeOrder(t, s, token, key, lines...)
	if status != http.StatusOK {
		t.Fatalf("order %s: %d %s", key, status, body)
	}
	o := decode[order](t, body)
	if o.Status != "CONFIRMED" {
		t.Fatalf("order %s is %s", key, o.Status)
	}
	return o
}

func listOrders(t *testing.T, s *testkit.Suite, token string) page[order] {
	t.Helper()
	status, body := s.Do(t, http.MethodGet, "/v1/orders?page=1&pageSize=100", token, nil)
	if status != http.StatusOK {
		t.Fatalf("list orders: %d %s", status, body)
	}
	return decode[page[order]](t, body)
}

// ledger reads both services' databases and checks, for every product, that
// initial stock plus restocks equals what is available plus what live orders
// hold, that inventory holds exactly what CONFIRMED orders hold, and that no
// order is left half done. initial maps product id to its stock at creation
// plus every admin adjustment the test made.
func ledger(t *testing.T, s *testkit.Suite, initial map[int64]int64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	inv, err := pgx.Connect(ctx, s.DSN["inventory-rpc"])
	if err != nil {
		t.Fatal(err)
	}
	defer inv.Close(context.Background())
	ord, err := pgx.Connect(ctx, s.DSN["order-rpc"])
	if err != nil {
		t.Fatal(err)
	}
	defer ord.Close(context.Background())

	sums := func(conn *pgx.Conn, query string) map[int64]int64 {
		rows, err := conn.Query(ctx, query)
		if err != nil {
			t.Fatal(err)
		}
		out := map[int64]int64{}
		for rows.Next() {
			var id, n int64
			if err := rows.Scan(&id, &n); err != nil {
				t.Fatal(err)
			}
			out[id] = n
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	stock := sums(inv, `SELECT id, stock FROM products`)
	reserved := sums(inv, `SELECT l.product_id, sum(l.quantity) FROM reservation_lines l
		JOIN reservations r ON r.order_id = l.order_id WHERE r.status = 'RESERVED' GROUP BY l.product_id`)
	confirmed := sums(ord, `SELECT l.product_id, sum(l.quantity) FROM order_lines l
		JOIN orders o ON o.id = l.order_id WHERE o.status = 'CONFIRMED' GROUP BY l.product_id`)

	var unsettled int64
	if err := ord.QueryRow(ctx, `SELECT count(*) FROM orders WHERE status IN ('PENDING', 'ABANDONING', 'CANCELLING')`).Scan(&unsettled); err != nil {
		t.Fatal(err)
	}
	if unsettled != 0 {
		t.Errorf("%d orders are still PENDING, ABANDONING or CANCELLING", unsettled)
	}
	for id, init := range initial {
		if stock[id] < 0 {
			t.Errorf("product %d: stock %d below zero", id, stock[id])
		}
		if init != stock[id]+reserved[id] {
			t.Errorf("product %d: initial+restocked %d != available %d + reserved %d", id, init, stock[id], reserved[id])
		}
		if reserved[id] != confirmed[id] {
			t.Errorf("product %d: inventory holds %d for orders, CONFIRMED orders hold %d", id, reserved[id], confirmed[id])
		}
	}
	if t.Failed() {
		t.FailNow()
	}
}

// waitSettled waits until no order is PENDING, ABANDONING or CANCELLING.
func waitSettled(t *testing.T, s *testkit.Suite, timeout time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout+5*time.Second)
	defer cancel()
	ord, err := pgx.Connect(ctx, s.DSN["order-rpc"])
	if err != nil {
		t.Fatal(err)
	}
	defer ord.Close(context.Background())
	deadline := time.Now().Add(timeout)
	for {
		var n int64
		if err := ord.QueryRow(ctx, `SELECT count(*) FROM orders WHERE status IN ('PENDING', 'ABANDONING', 'CANCELLING')`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d orders still unsettled after %v; order-rpc log:\n%s", n, timeout, s.Proc("order-rpc").LogTail())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func key(prefix string, i int) string { return fmt.Sprintf("%s-%d", prefix, i) }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func decodeOrderID(body []byte) int64 {
	var o order
	if err := json.Unmarshal(body, &o); err != nil {
		return 0
	}
	return o.ID
}

func mustMarshal(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
