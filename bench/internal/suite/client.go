package suite

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/zsuite/testkit/stack"
)

// Client drives user-api for the data a run prepares: accounts, tokens and
// products.
type Client struct{ *stack.Client }

// NewClient is a client of the suite's user-api.
func (s *Suite) NewClient() *Client {
	return &Client{&stack.Client{BaseURL: s.BaseURL, HTTP: &http.Client{Timeout: 30 * time.Second}}}
}

// Product is a product as user-api answers it.
type Product struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	PriceCents int64  `json:"priceCents"`
	Stock      int64  `json:"stock"`
}

// StatusError is an answer other than 200.
type StatusError = stack.StatusError

// Register creates a customer account.
func (c *Client) Register(ctx context.Context, username, password string) error {
	return c.Do(ctx, http.MethodPost, "/v1/users/register", "", map[string]string{"username": username, "password": password}, nil)
}

// Login returns an access token.
func (c *Client) Login(ctx context.Context, username, password string) (string, error) {
	var out struct {
		AccessToken string `json:"accessToken"`
	}
	err := c.Do(ctx, http.MethodPost, "/v1/users/login", "", map[string]string{"username": username, "password": password}, &out)
	return out.AccessToken, err
}

// CreateProduct adds a product as admin.
func (c *Client) CreateProduct(ctx context.Context, admin, name string, price, stock int64) (Product, error) {
	var p Product
	err := c.Do(ctx, http.MethodPost, "/v1/admin/products", admin,
		map[string]any{"name": name, "description": "benchmark product " + name, "priceCents": price, "stock": stock}, &p)
	return p, err
}

// GetProduct reads one product.
func (c *Client) GetProduct(ctx context.Context, id int64) (Product, error) {
	var p Product
	err := c.Do(ctx, http.MethodGet, fmt.Sprintf("/v1/products/%d", id), "", nil, &p)
	return p, err
}
