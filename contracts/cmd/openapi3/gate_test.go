package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zsuite/testkit/gate"
)

// The gate of `make contract-check`, tried on changes a developer could make
// to the current definitions: the compatible ones pass, the breaking ones fail
// and the output names the break. Both tools run as contracts.mk runs them,
// against the committed baseline.

// edit is one change to a definition file: old (which must be there) becomes new.
type edit struct {
	name, file, old, new string
	breaks               bool
	// says is what the check's output must mention.
	says string
}

func TestBufBreakingCatchesBreaks(t *testing.T) {
	buf := tool(t, "buf")
	for _, e := range []edit{
		{name: "added field", file: "order.proto", old: "  int64 quantity = 4;\n}", new: "  int64 quantity = 4;\n  string note = 5;\n}"},
		{name: "added rpc", file: "user.proto", old: "service User {", new: "message PingReq {}\nmessage PingResp {}\n\nservice User {\n  rpc Ping(PingReq) returns (PingResp);"},
		{name: "removed field", file: "order.proto", old: "  string name = 2;\n", new: "", breaks: true, says: `deleted`},
		{name: "renumbered field", file: "order.proto", old: "int64 price_cents = 3;", new: "int64 price_cents = 7;", breaks: true, says: `price_cents`},
		{name: "changed type", file: "order.proto", old: "int64 quantity = 4;", new: "int32 quantity = 4;", breaks: true, says: `changed type from "int64" to "int32"`},
		{name: "removed rpc", file: "user.proto", old: "rpc Login(", new: "// rpc Login(", breaks: true, says: `RPC "Login" on service "User" was deleted`},
	} {
		t.Run(e.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range glob(t, filepath.Join(root, "proto", "*.proto")) {
				copyFile(t, f, filepath.Join(dir, filepath.Base(f)))
			}
			copyFile(t, filepath.Join(root, "proto", "buf.yaml"), filepath.Join(dir, "buf.yaml"))
			apply(t, filepath.Join(dir, e.file), e)
			out, err := run(dir, buf, "breaking", "--against", filepath.Join(root, "contracts", "baseline", "proto"))
			judge(t, e, out, err)
		})
	}
}

func TestOasdiffCatchesBreaks(t *testing.T) {
	oasdiff := tool(t, "oasdiff")
	goctl, err := filepath.Abs(filepath.Join(root, ".tools", "goctl"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []edit{
		{name: "added response field", old: "\t\tCreatedAt string `json:\"createdAt\"` // RFC 3339, UTC\n\t}\n\tLoginReq", new: "\t\tCreatedAt string `json:\"createdAt\"` // RFC 3339, UTC\n\t\tNickname string `json:\"nickname\"`\n\t}\n\tLoginReq"},
		{name: "added optional request field", old: "\t\tEmail    string `json:\"email,optional\"`", new: "\t\tEmail    string `json:\"email,optional\"`\n\t\tNickname string `json:\"nickname,optional\"`"},
		{name: "added route", old: "\t@handler me\n\tget /me returns (User)", new: "\t@handler me\n\tget /me returns (User)\n\n\t@handler meAgain\n\tget /me/again returns (User)"},
		{name: "removed path", old: "\t@handler me\n\tget /me returns (User)", new: "\t@handler me\n\tget /me/v2 returns (User)", breaks: true, says: "api-path-removed"},
		{name: "removed response field", old: "\t\tEmail     string `json:\"email\"`\n\t\tRole", new: "\t\tRole", breaks: true, says: "response-required-property-removed"},
		{name: "newly required request field", old: "`json:\"email,optional\"`", new: "`json:\"email\"`", breaks: true, says: "request-property-became-required"},
		{name: "narrowed type", old: "\t\tQuantity  int64 `json:\"quantity\"` // 1 to 1000", new: "\t\tQuantity  string `json:\"quantity\"`", breaks: true, says: "request-property-type-changed"},
	} {
		t.Run(e.name, func(t *testing.T) {
			dir := t.TempDir()
			api := filepath.Join(dir, "user.api")
			copyFile(t, filepath.Join(root, "user-api", "user.api"), api)
			apply(t, api, e)
			if out, err := run(dir, goctl, "api", "swagger", "--api", api, "--dir", dir, "--filename", "openapi"); err != nil {
				t.Fatalf("goctl api swagger: %v\n%s", err, out)
			}
			writeOpenAPI3(t, api, filepath.Join(dir, "openapi.json"), filepath.Join(dir, "openapi.yaml"))
			out, err := run(dir, oasdiff, "breaking", filepath.Join(root, "contracts", "baseline", "openapi.yaml"),
				filepath.Join(dir, "openapi.yaml"), "--fail-on", "WARN", "--format", "singleline")
			judge(t, e, out, err)
		})
	}
}

func judge(t *testing.T, e edit, out string, err error) {
	t.Helper()
	if _, exited := err.(*exec.ExitError); err != nil && !exited {
		t.Fatal(err)
	}
	switch {
	case e.breaks && err == nil:
		t.Fatalf("%s passed the check; it breaks clients:\n%s", e.name, out)
	case !e.breaks && err != nil:
		t.Fatalf("%s failed the check; it breaks no client:\n%s", e.name, out)
	case e.breaks && !strings.Contains(out, e.says):
		t.Fatalf("the check failed but does not say %q:\n%s", e.says, out)
	}
	t.Logf("%s:\n%s", e.name, out)
}

func writeOpenAPI3(t *testing.T, apiFile, swaggerFile, out string) {
	t.Helper()
	doc, err := ConvertFiles(apiFile, swaggerFile)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(out, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// tool is the path of a tool pinned in contracts/go.mod (go tool builds it once).
func tool(t *testing.T, name string) string {
	t.Helper()
	gate.Integration(t)
	cmd := exec.Command("go", "tool", "-n", name)
	cmd.Env = append(os.Environ(), "GOWORK=off")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go tool -n %s: %v", name, err)
	}
	return strings.TrimSpace(string(out))
}

func apply(t *testing.T, file string, e edit) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), e.old) {
		t.Fatalf("%s no longer contains %q: update this case", file, e.old)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(string(b), e.old, e.new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func run(dir, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func glob(t *testing.T, pattern string) []string {
	t.Helper()
	m, err := filepath.Glob(pattern)
	if err != nil || len(m) == 0 {
		t.Fatalf("no %s: %v", pattern, err)
	}
	return m
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
