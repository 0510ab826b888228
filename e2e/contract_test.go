package e2e

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/zsuite/testkit"
	"github.com/zsuite/testkit/gate"
)

// user-api publishes the document every exchange of these tests is held to
// (testkit.Suite.Call), without a token; and every operation refuses a
// request without a token or with malformed input as the document declares.
func TestOpenAPIDocument(t *testing.T) {
	s := testkit.StartSuite(t)
	t.Run("served", func(t *testing.T) { documentServed(t, s) })
	t.Run("refusals", func(t *testing.T) { refusalsAsDeclared(t, s) })
}

func refusalsAsDeclared(t *testing.T, s *testkit.Suite) {
	_, token := newCustomer(t, s, "refusals")
	items := []byte(`{"items":[{"productId":1,"quantity":1}]}`)
	for _, c := range []struct {
		method, path, token string
		body                []byte
		want                int
	}{
		{http.MethodGet, "/v1/users/me/overview", "", nil, http.StatusUnauthorized},
		{http.MethodGet, "/v1/orders", "", nil, http.StatusUnauthorized},
		{http.MethodPost, "/v1/orders", "", items, http.StatusUnauthorized},
		{http.MethodPost, "/v1/orders/1/cancel", "", nil, http.StatusUnauthorized},
		{http.MethodPost, "/v1/admin/products/1/stock", "", []byte(`{"delta":1}`), http.StatusUnauthorized},
		{http.MethodGet, "/v1/orders?page=1&pageSize=1000", token, nil, http.StatusBadRequest},
		{http.MethodGet, "/v1/orders/first", token, nil, http.StatusBadRequest},
		{http.MethodPost, "/v1/orders/first/cancel", token, nil, http.StatusBadRequest},
	} {
		if status, body := s.Do(t, c.method, c.path, c.token, c.body); status != c.want {
			t.Errorf("%s %s: %d %s, want %d", c.method, c.path, status, body, c.want)
		}
	}
}

func documentServed(t *testing.T, s *testkit.Suite) {
	resp, err := http.Get(s.BaseURL + "/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	served, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	root, err := testkit.Root()
	if err != nil {
		t.Fatal(err)
	}
	published, err := os.ReadFile(filepath.Join(root, testkit.OpenAPIDocument))
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/yaml" {
		t.Fatalf("GET /openapi.yaml: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if !bytes.Equal(served, published) {
		t.Fatalf("user-api serves a different document than %s: run make gen", testkit.OpenAPIDocument)
	}
}

// The README walkthrough, driven by the TypeScript client generated from the
// document (clients/ts), type-checked by tsc, through a proxy that holds
// every exchange to the document.
func TestTypeScriptClientWalkthrough(t *testing.T) {
	gate.Integration(t) // node and tsc before the suite starts
	root, err := testkit.Root()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "clients", "ts")
	if _, err := exec.LookPath("node"); err != nil {
		t.Fatal("node is not installed: run `make ts-deps` (Debian's nodejs and npm, then npm ci in clients/ts)")
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", ".package-lock.json")); err != nil {
		t.Fatal("clients/ts has no node_modules: run `make ts-deps`")
	}
	run := func(timeout time.Duration, name string, args ...string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, name, args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		t.Logf("%s %v:\n%s", name, args, out)
		if err != nil {
			t.Fatalf("%s %v: %v", name, args, err)
		}
	}
	// tsc first: a client that no longer matches the document fails here.
	run(3*time.Minute, "npm", "run", "--silent", "build")

	s := testkit.StartSuite(t, testkit.WithEnv("inventory-rpc", "DEMO_CATALOGUE", "true"))
	run(time.Minute, "node", "dist/smoke.js", s.ContractProxy(t))
}
