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

	"github.com/zsuite/common/testkit"
)

// user-api publishes the document every exchange of these tests is held to
// (testkit.Suite.Call), without a token.
func TestOpenAPIDocumentIsServed(t *testing.T) {
	s := testkit.StartSuite(t)
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
