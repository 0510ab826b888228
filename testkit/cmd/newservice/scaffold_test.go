package main

import (
	"bytes"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/zsuite/testkit/render"
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
	for _, bad := range []string{"", "Payment", "pay-ment", "pay_ment", "pay1", "päyment", "payment ", "type", "map", "go",
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

// copyTree copies what the scaffold and make gen's rendering read and write:
// deploy/, go.work, every module's go.mod and go.sum, the services' configs.
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
	for rel := range tree(t, filepath.Join(from, "deploy")) {
		cp(filepath.Join("deploy", rel))
	}
	cp("go.work")
	var files []string
	for _, g := range []string{"*/go.mod", "*/go.sum", "*/etc/*.yaml"} {
		m, _ := filepath.Glob(filepath.Join(from, g))
		files = append(files, m...)
	}
	for _, m := range files {
		rel, _ := filepath.Rel(from, m)
		cp(rel)
	}
	return to
}

// tree is every file under root, by path relative to it.
func tree(t *testing.T, root string) map[string][]byte {
	t.Helper()
	r, err := os.OpenRoot(root)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	files := r.FS()
	out := map[string][]byte{}
	err = fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(files, p)
		if err != nil {
			return err
		}
		out[p] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func renderAll(t *testing.T, root string) {
	t.Helper()
	top, err := stack.ReadTopology(filepath.Join(root, "deploy", "topology"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := render.All(root, top); err != nil {
		t.Fatalf("make gen's rendering: %v", err)
	}
}

// ownFiles are the files a service owns: make new-service writes them, and
// a developer adding a service by hand writes them too.
func ownFiles(s Service, rel string) bool {
	return strings.HasPrefix(rel, s.Svc+"/") || rel == "proto/"+s.Name+".proto" ||
		rel == "deploy/k8s/base/"+s.Svc+".yaml" || rel == "deploy/k8s/overlays/prod/secrets.example/"+s.Svc+".env"
}

// The scaffold writes the service's own files and one line of the topology,
// nothing else; make gen's rendering then lists the service in every file
// that lists services; and a developer who writes the same files and adds
// the line by hand gets the very same tree from make gen. (CI runs the whole
// of make new-service, generation, tests and deploy checks in a scratch
// clone: .ci/check-new-service.sh.)
func TestScaffoldIsTheLineAndTheOwnFiles(t *testing.T) {
	orig := copyTree(t, repoRoot(t))
	before := tree(t, orig)
	root := copyTree(t, repoRoot(t))
	name := freeNames(t, root, 1)[0]
	s, err := Scaffold(root, name)
	if err != nil {
		t.Fatalf("Scaffold(%s): %v", name, err)
	}
	scaffolded := tree(t, root)
	for rel, b := range scaffolded {
		old, existed := before[rel]
		switch {
		case !existed && !ownFiles(s, rel):
			t.Errorf("the scaffold wrote %s, which is not %s's own", rel, s.Svc)
		case existed && !bytes.Equal(old, b) && rel != "deploy/topology":
			t.Errorf("the scaffold changed %s: make gen renders it", rel)
		}
	}
	for _, p := range []string{"proto/" + name + ".proto", s.Svc + "/go.mod", s.Svc + "/" + name + ".go", s.Svc + "/etc/" + name + ".yaml",
		s.Svc + "/internal/logic/records_test.go", s.Svc + "/migrations/0001_records.sql",
		"deploy/k8s/base/" + s.Svc + ".yaml", "deploy/k8s/overlays/prod/secrets.example/" + s.Svc + ".env"} {
		if _, ok := scaffolded[p]; !ok {
			t.Errorf("no %s", p)
		}
	}
	if mod := string(scaffolded[s.Svc+"/go.mod"]); !strings.HasPrefix(mod, "module github.com/zsuite/"+s.Svc+"\n") {
		t.Errorf("%s/go.mod starts %q", s.Svc, mod[:min(len(mod), 60)])
	}
	oldTop, newTop := strings.Split(string(before["deploy/topology"]), "\n"), strings.Split(string(scaffolded["deploy/topology"]), "\n")
	var added []string
	for _, l := range newTop {
		if !slices.Contains(oldTop, l) {
			added = append(added, l)
		}
	}
	if len(newTop) != len(oldTop)+1 || len(added) != 1 {
		t.Fatalf("the scaffold changed deploy/topology by %q, want one line", added)
	}

	// By hand: the same line where the scaffold put it, the same own files.
	hand := copyTree(t, repoRoot(t))
	if err := os.WriteFile(filepath.Join(hand, "deploy/topology"), scaffolded["deploy/topology"], 0o644); err != nil {
		t.Fatal(err)
	}
	for rel, b := range scaffolded {
		if ownFiles(s, rel) {
			p := filepath.Join(hand, filepath.FromSlash(rel))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	renderAll(t, root)
	renderAll(t, hand)
	a, b := tree(t, root), tree(t, hand)
	for _, rel := range slices.Sorted(maps.Keys(a)) {
		if !bytes.Equal(a[rel], b[rel]) {
			t.Errorf("%s differs between make new-service + make gen and the line by hand + make gen", rel)
		}
	}
	if len(a) != len(b) {
		t.Errorf("make new-service + make gen gives %d files, the line by hand + make gen %d", len(a), len(b))
	}

	// make gen listed it wherever services are listed.
	targets, err := render.Targets(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(targets) < 10 {
		t.Fatalf("only %d files hold a rendered section: %v", len(targets), targets)
	}
	for _, f := range targets {
		if bytes.Equal(a[f], before[f]) {
			t.Errorf("make gen did not change %s for %s", f, s.Svc)
		}
		if !strings.Contains(string(a[f]), s.Svc) && !strings.Contains(string(a[f]), strings.ReplaceAll(s.Svc, "-", "_")) &&
			!strings.Contains(string(a[f]), strings.ToUpper(strings.ReplaceAll(s.Svc, "-", "_"))) {
			t.Errorf("%s does not name %s after make gen", f, s.Svc)
		}
	}
	if _, ok := a["deploy/k8s/base/config/"+name+".yaml"]; !ok {
		t.Errorf("make gen did not copy %s/etc/%s.yaml into the Kubernetes base", s.Svc, name)
	}
}

// A second service after the first gets ports and addresses of its own, and
// goes before user-api, which starts last.
func TestScaffoldTwiceKeepsPortsAndAddressesApart(t *testing.T) {
	root := copyTree(t, repoRoot(t))
	before, err := stack.ReadTopology(filepath.Join(root, "deploy", "topology"))
	if err != nil {
		t.Fatal(err)
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
		if _, err := Scaffold(root, name); err == nil {
			t.Fatalf("a second Scaffold(%s) succeeded", name)
		}
	}
	renderAll(t, root)
	// Two services' stores never share an address in the production policies.
	egress := string(tree(t, root)["deploy/k8s/overlays/prod/stores-egress.yaml"])
	seen := map[string]bool{}
	for _, l := range strings.Split(egress, "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "cidr:" && strings.HasSuffix(f[1], "/32") {
			if seen[f[1]] {
				t.Errorf("%s is two stores' address", f[1])
			}
			seen[f[1]] = true
		}
	}
	if len(seen) != 2*len(before)+3 { // a Postgres and a Redis for each but user-api, which has a Redis
		t.Errorf("%d store addresses in the production policies, want %d", len(seen), 2*len(before)+3)
	}
}

// A scaffold that cannot finish writes nothing.
func TestScaffoldThatCannotFinishChangesNothing(t *testing.T) {
	root := copyTree(t, repoRoot(t))
	name := freeNames(t, root, 1)[0]
	// A file the scaffold would create is there already.
	if err := os.WriteFile(filepath.Join(root, "deploy/k8s/base", name+"-rpc.yaml"), []byte("# mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := tree(t, root)
	if _, err := Scaffold(root, name); err == nil || !strings.Contains(err.Error(), name+"-rpc.yaml") {
		t.Fatalf("Scaffold with deploy/k8s/base/%s-rpc.yaml there = %v, want an error naming it", name, err)
	}
	after := tree(t, root)
	if !maps.EqualFunc(before, after, bytes.Equal) {
		t.Error("the refused scaffold changed the tree")
	}
}
