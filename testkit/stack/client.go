package stack

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// Client sends requests to the suite's HTTP service, as its clients do.
type Client struct {
	BaseURL string
	// HTTP sends the requests; nil is http.DefaultClient.
	HTTP *http.Client
	// Observe, when set, sees every exchange whose answer was read whole
	// (testkit holds them to the published API document).
	Observe func(req *http.Request, reqBody []byte, resp *http.Response, respBody []byte)
}

// Answer is a whole HTTP answer, its body read.
type Answer struct {
	Status int
	Header http.Header
	Body   []byte
}

// Send sends one request with headers given as name, value pairs (nothing
// is added) and reads the whole answer.
func (c *Client) Send(ctx context.Context, method, path string, body []byte, headers ...string) (Answer, error) {
	var reader io.Reader
	if body != nil {
		reader = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.BaseURL+path, reader)
	if err != nil {
		return Answer{}, err
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return Answer{}, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err == nil && c.Observe != nil {
		c.Observe(req, body, resp, out)
	}
	return Answer{Status: resp.StatusCode, Header: resp.Header, Body: out}, err
}

// Call is Send of a JSON body (when not nil) with a bearer token (when not
// empty).
func (c *Client) Call(ctx context.Context, method, path, token string, body []byte, headers ...string) (Answer, error) {
	if body != nil {
		headers = append([]string{"Content-Type", "application/json"}, headers...)
	}
	if token != "" {
		headers = append([]string{"Authorization", "Bearer " + token}, headers...)
	}
	return c.Send(ctx, method, path, body, headers...)
}

// Do sends in as JSON (when not nil) and decodes a 200 answer into out (when
// not nil); any other status is a *StatusError.
func (c *Client) Do(ctx context.Context, method, path, token string, in, out any, headers ...string) error {
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return err
		}
	}
	a, err := c.Call(ctx, method, path, token, body, headers...)
	if err != nil {
		return err
	}
	if a.Status != http.StatusOK {
		return &StatusError{Method: method, Path: path, Code: a.Status, Body: string(a.Body)}
	}
	if out != nil {
		return json.Unmarshal(a.Body, out)
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
