package suite

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// Client drives user-api for the data a run prepares: accounts, tokens and
// products.
type Client struct {
	BaseURL string
	HTTP    *http.Client
}

// NewClient is a client of the suite's user-api.
func (s *Suite) NewClient() *Client {
	return &Client{BaseURL: s.BaseURL, HTTP: &http.Client{Timeout: 30 * time.Second}}
}

// Product is a product as user-api answers it.
type Product struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	PriceCents int64  `json:"priceCents"`
	Stock      int64  `json:"stock"`
}

// Do sends a JSON request and decodes a 200 answer into out (when not nil).
func (c *Client) Do(ctx context.Context, method, path, token string, in, out any, headers ...string) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.BaseURL+path, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return &StatusError{Method: method, Path: path, Code: resp.StatusCode, Body: string(b)}
	}
	if out != nil {
		return json.Unmarshal(b, out)
	}
	return nil
}

// StatusError is an answer other than 200.
type StatusError struct {
	Method, Path string
	Code         int
	Body         string
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("%s %s: %d %s", e.Method, e.Path, e.Code, e.Body)
}

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
