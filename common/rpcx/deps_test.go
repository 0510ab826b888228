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

// deps lists what each main package in dirs (relative to the workspace root)
// links, with one `go list`.
func deps(t *testing.T, root string, dirs ...string) map[string][]string {
	t.Helper()
	args := []string{"list", "-f", "{{.Dir}} {{join .Deps \" \"}}"}
	for _, d := range dirs {
		args = append(args, "./"+d)
	}
	cmd := exec.Command("go", args...)
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go %s: %v", strings.Join(args, " "), err)
	}
	byDir := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		byDir[filepath.Base(fields[0])] = fields[1:]
	}
	return byDir
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
	dirs := []string{"user-api"}
	for _, dir := range services {
		dirs = append(dirs, filepath.Base(dir))
	}
	linkedBy := deps(t, root, dirs...)
	// The check sees what it looks for: user-api links both.
	for _, prefix := range forbidden {
		if len(linked(linkedBy["user-api"], prefix)) == 0 {
			t.Fatalf("user-api does not link %s: the check would see nothing", prefix)
		}
	}
	for _, name := range dirs[1:] {
		if len(linkedBy[name]) == 0 {
			t.Fatalf("go list told nothing of %s", name)
		}
		for _, prefix := range forbidden {
			if found := linked(linkedBy[name], prefix); len(found) > 0 {
				t.Errorf("%s links %v; what only user-api needs belongs in user-api, not in common", name, found)
			}
		}
	}
}
