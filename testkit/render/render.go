// Package render renders, from deploy/topology, every section of the
// repository that lists the services: the fences "BEGIN make gen: <template>"
// ... "END make gen" in go.work, the compose file, the Kubernetes base,
// overlays and stores, Prometheus' jobs, deploy/go.mod and others, from the
// templates in deploy/templates; and it keeps the Kubernetes base's copies of
// the services' configs. cmd/gentopology runs it for make gen.
package render

import (
	"bytes"
	"fmt"
	"go/format"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"text/template"

	"github.com/zsuite/testkit/stack"
)

// A fence is a section of a file that make gen renders from deploy/topology:
//
//	# BEGIN make gen: deploy/templates/compose/services.tmpl
//	... what the template renders ...
//	# END make gen
//
// The comment marker is the file's own (# or //); everything outside the
// fences stays as written.
var (
	beginLine = regexp.MustCompile(`^[ \t]*(#|//) BEGIN make gen: (\S+\.tmpl)\b.*$`)
	endLine   = regexp.MustCompile(`^[ \t]*(#|//) END make gen\s*$`)
	fenced    = regexp.MustCompile(`(?m)^[ \t]*(#|//) BEGIN make gen: `)
)

// Data is what a template sees.
type Data struct {
	// Services are every line of deploy/topology, in its order.
	Services stack.Topology
	// RPC are the zrpc services; Owners those that own a database.
	RPC, Owners stack.Topology
	// ByName are the services sorted by name (go.mod and go.work sort theirs).
	ByName stack.Topology
	// file is the file being rendered (for the template function anchor).
	file string
}

// OwnerIndex is the place of the named service among the database owners:
// 0 for the first (for addresses numbered after them), -1 for none.
func (d *Data) OwnerIndex(name string) int {
	return slices.IndexFunc(d.Owners, func(s stack.Service) bool { return s.Name == name })
}

// funcs are the template functions beside text/template's own.
func funcs(d *Data) template.FuncMap {
	return template.FuncMap{
		// env is a service's prefix in compose settings: USER_RPC.
		"env": func(s stack.Service) string { return strings.ToUpper(strings.ReplaceAll(s.Name, "-", "_")) },
		// alias is a service's name as a Go identifier: userrpc.
		"alias": func(s stack.Service) string { return strings.ReplaceAll(s.Name, "-", "") },
		"add":   func(a, b int) int { return a + b },
		// anchor reports whether the file being rendered defines the YAML
		// anchor &name, so that a generated block merges what a hand-written
		// part of the file adds for one service.
		"anchor": func(name string) bool {
			return regexp.MustCompile(`&` + regexp.QuoteMeta(name) + `(\s|$)`).MatchString(d.file)
		},
	}
}

// Load makes a template's data from the topology.
func Load(top stack.Topology) *Data {
	d := &Data{Services: top, ByName: slices.Clone(top)}
	slices.SortFunc(d.ByName, func(a, b stack.Service) int { return strings.Compare(a.Name, b.Name) })
	for _, s := range top {
		if s.RPC() {
			d.RPC = append(d.RPC, s)
		}
		if s.Postgres() {
			d.Owners = append(d.Owners, s)
		}
	}
	return d
}

// Render renders every fence of the file at path (relative to root) and
// returns the file's new content; hasFence is false when it holds none.
func Render(root, path string, content []byte, d *Data) (out []byte, hasFence bool, err error) {
	lines := strings.SplitAfter(string(content), "\n")
	var b strings.Builder
	for i := 0; i < len(lines); i++ {
		b.WriteString(lines[i])
		m := beginLine.FindStringSubmatch(strings.TrimRight(lines[i], "\n"))
		if m == nil {
			if endLine.MatchString(strings.TrimRight(lines[i], "\n")) {
				return nil, false, fmt.Errorf("%s:%d: END make gen without a BEGIN", path, i+1)
			}
			continue
		}
		hasFence = true
		end := -1
		for j := i + 1; j < len(lines); j++ {
			l := strings.TrimRight(lines[j], "\n")
			if beginLine.MatchString(l) {
				break
			}
			if endLine.MatchString(l) {
				end = j
				break
			}
		}
		if end < 0 {
			return nil, false, fmt.Errorf("%s:%d: BEGIN make gen without its END make gen line", path, i+1)
		}
		text, err := execute(root, m[2], content, d)
		if err != nil {
			return nil, false, fmt.Errorf("%s:%d: %w", path, i+1, err)
		}
		b.WriteString(text)
		b.WriteString(lines[end])
		i = end
	}
	out = []byte(b.String())
	if hasFence && strings.HasSuffix(path, ".go") {
		if out, err = format.Source(out); err != nil {
			return nil, false, fmt.Errorf("%s: %w", path, err)
		}
	}
	return out, hasFence, nil
}

func execute(root, name string, file []byte, d *Data) (string, error) {
	src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
	if err != nil {
		return "", fmt.Errorf("template: %w", err)
	}
	dd := *d
	dd.file = string(file)
	t, err := template.New(name).Funcs(funcs(&dd)).Option("missingkey=error").Parse(string(src))
	if err != nil {
		return "", err
	}
	var out bytes.Buffer
	if err := t.Execute(&out, &dd); err != nil {
		return "", err
	}
	// A template may start with a line break (after {{range}}, say).
	s := strings.TrimLeft(out.String(), "\n")
	if s != "" && !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	return s, nil
}

// skipDir are the folders that hold no file of ours to render.
func skipDir(name string) bool {
	return strings.HasPrefix(name, ".") && name != "." || name == "node_modules" || name == "third_party" || name == "testdata"
}

// Targets are the files under root that hold a fence (documents and tests,
// which may quote one, excepted).
func Targets(root string) ([]string, error) {
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	tree := r.FS()
	var out []string
	err = fs.WalkDir(tree, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			if p != "." && skipDir(e.Name()) {
				return fs.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(p, ".md") || strings.HasSuffix(p, "_test.go") || strings.HasSuffix(p, ".tmpl") || !e.Type().IsRegular() {
			return nil
		}
		info, err := e.Info()
		if err != nil || info.Size() > 1<<20 {
			return err
		}
		b, err := fs.ReadFile(tree, p)
		if err != nil {
			return err
		}
		if fenced.Match(b) {
			out = append(out, p)
		}
		return nil
	})
	return out, err
}

// All renders every fence under root, copies the services' configs into
// the Kubernetes base, and returns the files it changed.
func All(root string, top stack.Topology) ([]string, error) {
	targets, err := Targets(root)
	if err != nil {
		return nil, err
	}
	d := Load(top)
	var changed []string
	copied, err := copyConfigs(root, top)
	if err != nil {
		return nil, err
	}
	changed = append(changed, copied...)
	for _, t := range targets {
		p := filepath.Join(root, filepath.FromSlash(t))
		in, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		out, _, err := Render(root, t, in, d)
		if err != nil {
			return nil, err
		}
		if !bytes.Equal(in, out) {
			if err := os.WriteFile(p, out, 0o644); err != nil {
				return nil, err
			}
			changed = append(changed, t)
		}
	}
	return changed, nil
}

// configDir holds the Kubernetes base's copies of the services' configs,
// which its configMapGenerator reads (kustomize reads no file outside the
// kustomization's folder).
const configDir = "deploy/k8s/base/config"

// copyConfigs copies each service's etc/<config> into configDir, byte for
// byte, and deletes the copies no service owns any more.
func copyConfigs(root string, top stack.Topology) ([]string, error) {
	dir := filepath.Join(root, filepath.FromSlash(configDir))
	var changed, want []string
	for _, s := range top {
		want = append(want, s.Config)
		in, err := os.ReadFile(filepath.Join(root, s.Name, "etc", s.Config))
		if err != nil {
			return nil, err
		}
		p := filepath.Join(dir, s.Config)
		if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, in) {
			continue
		}
		if err := os.WriteFile(p, in, 0o644); err != nil {
			return nil, err
		}
		changed = append(changed, configDir+"/"+s.Config)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if e.Type().IsRegular() && !slices.Contains(want, e.Name()) {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
				return nil, err
			}
			changed = append(changed, configDir+"/"+e.Name()+" (deleted)")
		}
	}
	return changed, nil
}
