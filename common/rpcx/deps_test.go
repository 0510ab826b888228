package rpcx

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// forbidden are the packages no RPC service may link: go-zero's HTTP server
// (the BFF's business) and the JWT library (tokens are the BFF's too). common
// is linked by every service, so what only the BFF needs lives in user-api.
var forbidden = []string{"github.com/zeromicro/go-zero/rest", "github.com/golang-jwt/jwt"}

// deps lists what the main package in dir (relative to the workspace root)
// links, with `go list -deps`.
func deps(t *testing.T, root, dir string) []string {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", "./"+dir)
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps ./%s: %v", dir, err)
	}
	return strings.Fields(string(out))
}

func linked(pkgs []string, prefix string) []string {
	var found []string
	for _, p := range pkgs {
		if p == prefix || strings.HasPrefix(p, prefix+"/") {
			found = append(found, p)
		}
	}
	return found
}

func TestRPCServicesLinkNeitherRestNorJWT(t *testing.T) {
	out, err := exec.Command("go", "env", "GOWORK").Output()
	gowork := strings.TrimSpace(string(out))
	if err != nil || gowork == "" || gowork == "off" {
		t.Fatalf("no go.work above the test (go env GOWORK = %q, %v)", gowork, err)
	}
	root := filepath.Dir(gowork)
	services, err := filepath.Glob(filepath.Join(root, "*-rpc"))
	if err != nil || len(services) == 0 {
		t.Fatalf("no *-rpc service under %s (%v)", root, err)
	}
	// The check sees what it looks for: user-api links both.
	api := deps(t, root, "user-api")
	for _, prefix := range forbidden {
		if len(linked(api, prefix)) == 0 {
			t.Fatalf("user-api does not link %s: the check would see nothing", prefix)
		}
	}
	for _, dir := range services {
		name := filepath.Base(dir)
		pkgs := deps(t, root, name)
		for _, prefix := range forbidden {
			if found := linked(pkgs, prefix); len(found) > 0 {
				t.Errorf("%s links %v; what only user-api needs belongs in user-api, not in common", name, found)
			}
		}
	}
}
