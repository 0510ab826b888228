package render

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zsuite/testkit/stack"
)

func topology(t *testing.T) stack.Topology {
	t.Helper()
	top, err := stack.Services()
	if err != nil {
		t.Fatal(err)
	}
	return top
}

// What is committed is what make gen renders from deploy/topology (make
// gen-check says the same after all of make gen; this says it in make test).
func TestTheRepositoryIsRendered(t *testing.T) {
	root, err := stack.Root()
	if err != nil {
		t.Fatal(err)
	}
	targets, err := Targets(root)
	if err != nil {
		t.Fatal(err)
	}
	d := Load(topology(t))
	for _, f := range targets {
		in, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		out, fenced, err := Render(root, f, in, d)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		if !fenced {
			t.Errorf("%s was found for a fence it does not hold", f)
		}
		if string(out) != string(in) {
			t.Errorf("%s is not what deploy/topology renders: run make gen", f)
		}
	}
	for _, s := range topology(t) {
		a, errA := os.ReadFile(filepath.Join(root, s.Name, "etc", s.Config))
		b, errB := os.ReadFile(filepath.Join(root, configDir, s.Config))
		if errA != nil || errB != nil || string(a) != string(b) {
			t.Errorf("%s/%s is not %s/etc/%s (%v, %v): run make gen", configDir, s.Config, s.Name, s.Config, errA, errB)
		}
	}
}

// scratch is a repository root with one template.
func scratch(t *testing.T, tmpl string) string {
	t.Helper()
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "tmpl"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "tmpl", "names.tmpl"), []byte(tmpl), 0o644); err != nil {
		t.Fatal(err)
	}
	return root
}

var two = stack.Topology{
	{Name: "user-rpc", Config: "user.yaml", PGPort: 5433, Database: "users"},
	{Name: "user-api", Config: "user-api.yaml"},
}

// A fence's lines are replaced by what its template renders, everything
// around it stays, and rendering again changes nothing.
func TestRenderReplacesOnlyTheFence(t *testing.T) {
	root := scratch(t, "{{- range .Services}}\n  - {{.Name}}{{if .Postgres}} ({{.Database}}){{end}}\n{{- end}}\n")
	in := "list:\n  - first\n  # BEGIN make gen: tmpl/names.tmpl\n  - stale\n  # END make gen\n  - last\n"
	out, fenced, err := Render(root, "x.yaml", []byte(in), Load(two))
	if err != nil || !fenced {
		t.Fatalf("Render = %v, %v", fenced, err)
	}
	want := "list:\n  - first\n  # BEGIN make gen: tmpl/names.tmpl\n  - user-rpc (users)\n  - user-api\n  # END make gen\n  - last\n"
	if string(out) != want {
		t.Fatalf("Render gave\n%s\nwant\n%s", out, want)
	}
	again, _, err := Render(root, "x.yaml", out, Load(two))
	if err != nil || string(again) != want {
		t.Fatalf("a second Render changed it: %v\n%s", err, again)
	}
	if _, fenced, _ := Render(root, "y.yaml", []byte("list: []\n"), Load(two)); fenced {
		t.Error("a file without a fence reported one")
	}
}

// A broken fence or template is an error naming the file and line, never a
// half-rendered file.
func TestRenderRefusesBrokenFences(t *testing.T) {
	root := scratch(t, "{{.Nope}}\n")
	for name, in := range map[string]string{
		"no end":         "a\n# BEGIN make gen: tmpl/names.tmpl\nb\n",
		"end first":      "a\n# END make gen\n# BEGIN make gen: tmpl/names.tmpl\n# END make gen\n",
		"nested":         "# BEGIN make gen: tmpl/names.tmpl\n# BEGIN make gen: tmpl/names.tmpl\n# END make gen\n",
		"no template":    "# BEGIN make gen: tmpl/missing.tmpl\n# END make gen\n",
		"template fails": "# BEGIN make gen: tmpl/names.tmpl\n# END make gen\n",
	} {
		_, _, err := Render(root, "x.yaml", []byte(in), Load(two))
		if err == nil || !strings.Contains(err.Error(), "x.yaml:") {
			t.Errorf("%s: Render = %v, want an error naming x.yaml and the line", name, err)
		}
	}
}

// The template function anchor sees the hand-written part of the file: a
// service's block merges what the file adds for it.
func TestAnchorSeesTheFile(t *testing.T) {
	root := scratch(t, "{{- range .Services}}\n{{.Name}}: {{if anchor (print .Name \"-env\")}}merged{{else}}plain{{end}}\n{{- end}}\n")
	in := "x-user-api-env: &user-api-env {}\n# BEGIN make gen: tmpl/names.tmpl\n# END make gen\n"
	out, _, err := Render(root, "c.yaml", []byte(in), Load(two))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "user-api: merged\n") || !strings.Contains(string(out), "user-rpc: plain\n") {
		t.Fatalf("got\n%s", out)
	}
}
