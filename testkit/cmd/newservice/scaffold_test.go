package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zsuite/testkit/stack"
)

func repoRoot(t *testing.T) string {
	t.Helper()
	r, err := stack.Root()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// freeNames are n names no service of the topology at root has (the tree may
// hold scaffolded services already: CI tests a tree with payment-rpc added).
func freeNames(t *testing.T, root string, n int) []string {
	t.Helper()
	top, err := stack.ReadTopology(filepath.Join(root, "deploy", "topology"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, name := range []string{"payment", "refund", "shipping", "review", "loyalty", "search", "coupon"} {
		if Check(name, top) == nil && len(out) < n {
			out = append(out, name)
		}
	}
	if len(out) < n {
		t.Fatalf("fewer than %d free names", n)
	}
	return out
}

func TestCheckValidatesTheName(t *testing.T) {
	top, err := stack.ReadTopology(filepath.Join(repoRoot(t), "deploy", "topology"))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"", "Payment", "pay-ment", "pay_ment", "pay1", "päyment", "payment ", "type", "map",
		strings.Repeat("a", maxName+1)} {
		if err := Check(bad, top); err == nil {
			t.Errorf("Check(%q) accepted it", bad)
		}
	}
	for _, s := range top {
		for _, taken := range []string{s.Short(), s.Name} {
			if err := Check(taken, top); err == nil {
				t.Errorf("Check(%q) accepted the name of %s", taken, s.Name)
			}
		}
	}
	for _, good := range append(freeNames(t, repoRoot(t), 1), "a", strings.Repeat("z", maxName)) {
		if err := Check(good, top); err != nil {
			t.Errorf("Check(%q) = %v", good, err)
		}
	}
}

// copyTree copies what the scaffold reads and edits: deploy/, go.work and
// every module's go.mod and go.sum.
func copyTree(t *testing.T, from string) string {
	t.Helper()
	to := t.TempDir()
	cp := func(rel string) {
		b, err := os.ReadFile(filepath.Join(from, rel))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(to, rel)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, rel), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	err := filepath.WalkDir(filepath.Join(from, "deploy"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		cp(rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	cp("go.work")
	mods, _ := filepath.Glob(filepath.Join(from, "*", "go.mod"))
	sums, _ := filepath.Glob(filepath.Join(from, "*", "go.sum"))
	for _, m := range append(mods, sums...) {
		rel, _ := filepath.Rel(from, m)
		cp(rel)
	}
	return to
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The scaffold on a copy of the tree: every registration finds its place,
// the topology stays valid with ports of its own, and a second service after
// the first gets ports and addresses of its own again. (CI runs the whole of
// make new-service, generation, tests and deploy checks in a scratch clone:
// .ci/check-new-service.sh.)
func TestScaffoldRegistersTheServiceEverywhere(t *testing.T) {
	root := copyTree(t, repoRoot(t))
	before, err := stack.ReadTopology(filepath.Join(root, "deploy", "topology"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range []string{"go.work", "deploy/go.mod", "deploy/internal/suite/loaders.go", "deploy/Dockerfile.dockerignore",
		"deploy/.env.example", "deploy/observability/prometheus.yml", "deploy/docker-compose.yml",
		"deploy/k8s/base/kustomization.yaml", "deploy/k8s/overlays/dev/kustomization.yaml",
		"deploy/k8s/overlays/prod/kustomization.yaml", "deploy/k8s/overlays/prod/stores-egress.yaml",
		"deploy/k8s/components/in-cluster-infra/kustomization.yaml", "deploy/k8s/components/in-cluster-infra/postgres.yaml",
		"deploy/k8s/components/in-cluster-infra/redis.yaml", "deploy/k8s/components/in-cluster-infra/service-egress.yaml"} {
		files[f] = read(t, filepath.Join(root, f))
	}

	for i, name := range freeNames(t, root, 2) {
		s, err := Scaffold(root, name)
		if err != nil {
			t.Fatalf("Scaffold(%s): %v", name, err)
		}
		top, err := stack.ReadTopology(filepath.Join(root, "deploy", "topology"))
		if err != nil {
			t.Fatalf("the topology after %s: %v", name, err)
		}
		if len(top) != len(before)+i+1 {
			t.Fatalf("the topology has %d services after %s, want %d", len(top), name, len(before)+i+1)
		}
		got, ok := top.Find(s.Svc)
		if !ok || !got.RPC() || got.Port != s.Port || got.PGPort != s.PG || got.RedisPort != s.Redis || got.Database != name ||
			strings.Join(got.Tables, ",") != "records" {
			t.Fatalf("the topology's %s = %+v, scaffolded %+v", s.Svc, got, s)
		}
		if top[len(top)-1].RPC() {
			t.Errorf("%s went after user-api, which starts last", s.Svc)
		}
		seen := map[int]string{}
		for _, svc := range top {
			for _, p := range []int{svc.Port, svc.DevPort, svc.ReadyPort, svc.PGPort, svc.RedisPort} {
				if other, dup := seen[p]; dup && p != 0 {
					t.Errorf("port %d of %s is %s's too", p, svc.Name, other)
				}
				seen[p] = svc.Name
			}
		}
		for f, old := range files {
			now := read(t, filepath.Join(root, f))
			if !strings.Contains(now, s.Svc) {
				t.Errorf("%s does not name %s", f, s.Svc)
			}
			if len(now) <= len(old) {
				t.Errorf("%s did not grow", f)
			}
			files[f] = now
		}
		for _, p := range []string{"proto/" + name + ".proto", s.Svc + "/go.mod", s.Svc + "/" + name + ".go", s.Svc + "/etc/" + name + ".yaml",
			s.Svc + "/internal/logic/records_test.go", s.Svc + "/migrations/0001_records.sql",
			"deploy/k8s/base/" + s.Svc + ".yaml", "deploy/k8s/overlays/prod/secrets.example/" + s.Svc + ".env"} {
			if _, err := os.Stat(filepath.Join(root, p)); err != nil {
				t.Errorf("no %s: %v", p, err)
			}
		}
		if mod := read(t, filepath.Join(root, s.Svc, "go.mod")); !strings.HasPrefix(mod, "module github.com/zsuite/"+s.Svc+"\n") {
			t.Errorf("%s/go.mod starts %q", s.Svc, mod[:min(len(mod), 60)])
		}
		if _, err := Scaffold(root, name); err == nil {
			t.Fatalf("a second Scaffold(%s) succeeded", name)
		}
	}
	// Two services' stores never share an address in the production policies.
	egress := read(t, filepath.Join(root, "deploy/k8s/overlays/prod/stores-egress.yaml"))
	seen := map[string]bool{}
	for _, l := range strings.Split(egress, "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "cidr:" && strings.HasSuffix(f[1], "/32") {
			if seen[f[1]] {
				t.Errorf("%s is two stores' address", f[1])
			}
			seen[f[1]] = true
		}
	}
}

// A file that no longer looks as the scaffold expects stops it before it
// writes anything.
func TestScaffoldThatCannotRegisterChangesNothing(t *testing.T) {
	root := copyTree(t, repoRoot(t))
	prom := filepath.Join(root, "deploy/observability/prometheus.yml")
	if err := os.WriteFile(prom, []byte("scrape_configs: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	topology := read(t, filepath.Join(root, "deploy/topology"))
	work := read(t, filepath.Join(root, "go.work"))
	name := freeNames(t, root, 1)[0]
	_, err := Scaffold(root, name)
	if err == nil || !strings.Contains(err.Error(), "prometheus.yml") {
		t.Fatalf("Scaffold with a prometheus.yml without jobs = %v, want an error naming the file", err)
	}
	for _, p := range []string{name + "-rpc", "proto/" + name + ".proto", "deploy/k8s/base/" + name + "-rpc.yaml"} {
		if _, err := os.Stat(filepath.Join(root, p)); err == nil {
			t.Errorf("the refused scaffold left %s", p)
		}
	}
	if read(t, filepath.Join(root, "deploy/topology")) != topology || read(t, filepath.Join(root, "go.work")) != work {
		t.Error("the refused scaffold changed deploy/topology or go.work")
	}
}
