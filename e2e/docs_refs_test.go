package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The docs stand on their own, and what they name exists: every relative
// link of README.md and docs/*.md goes to a file of the repository (and to a
// heading of it, for a #fragment), every `make target` they show is a target
// of the Makefile or the .mk files it includes, and every repository path
// they quote is there. A renamed target, a moved file or a doc pointing
// outside the repository fails here, not in a reader's shell.
func TestDocsNameWhatExists(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	docs, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil || len(docs) == 0 {
		t.Fatalf("no docs in %s/docs: %v", root, err)
	}
	docs = append(docs, filepath.Join(root, "README.md"))
	targets := makeTargets(t, root)
	headings := map[string][]string{} // file -> its anchors

	link := regexp.MustCompile(`\]\(([^)\s]+)\)`)
	makeCmd := regexp.MustCompile(`(?:^|[\s\x60(;&|])make\s+([a-z][a-z0-9-]*)`)
	quoted := regexp.MustCompile("`([^`\\s]+)`")
	for _, doc := range docs {
		raw, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		text := string(raw)
		rel, _ := filepath.Rel(root, doc)
		for _, m := range link.FindAllStringSubmatch(text, -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			file, frag, _ := strings.Cut(target, "#")
			path := doc
			if file != "" {
				path = filepath.Join(filepath.Dir(doc), file)
				if r, err := filepath.Rel(root, path); err != nil || strings.HasPrefix(r, "..") {
					t.Errorf("%s links to %s, outside the repository: what a contributor needs belongs in docs/", rel, target)
					continue
				}
				if _, err := os.Stat(path); err != nil {
					t.Errorf("%s links to %s, which does not exist", rel, target)
					continue
				}
			}
			if frag == "" || !strings.HasSuffix(path, ".md") {
				continue
			}
			if _, ok := headings[path]; !ok {
				headings[path] = anchors(t, path)
			}
			if !slices.Contains(headings[path], frag) {
				t.Errorf("%s links to %s: %s has no heading #%s", rel, target, filepath.Base(path), frag)
			}
		}
		for _, m := range makeCmd.FindAllStringSubmatch(code(text), -1) {
			if !targets[m[1]] {
				t.Errorf("%s shows `make %s`: no such target in the Makefile or its .mk files", rel, m[1])
			}
		}
		for _, m := range quoted.FindAllStringSubmatch(text, -1) {
			p := strings.TrimSuffix(strings.TrimSuffix(m[1], ","), ".")
			if !repoPath(p) {
				continue
			}
			if !exists(t, root, strings.TrimSuffix(p, "/")) {
				t.Errorf("%s names %s, which does not exist", rel, p)
			}
		}
	}
}

// code is the text of a Markdown file's code: its fenced blocks and inline
// code spans, where commands are shown (prose says "make sure").
func code(text string) string {
	var b strings.Builder
	fence := false
	span := regexp.MustCompile("`[^`]+`")
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fence = !fence
			continue
		}
		if fence {
			b.WriteString(line + "\n")
			continue
		}
		for _, s := range span.FindAllString(line, -1) {
			b.WriteString(s + "\n")
		}
	}
	return b.String()
}

// exists says whether p (a path, a glob, or a Go package path with a
// symbol: common/cachex.Local) names something in the repository.
func exists(t *testing.T, root, p string) bool {
	t.Helper()
	if matches, _ := filepath.Glob(filepath.Join(root, p)); len(matches) > 0 {
		return true
	}
	dir, sym := filepath.Split(p)
	pkg, name, ok := strings.Cut(sym, ".")
	if !ok || name == "" {
		return false
	}
	files, _ := filepath.Glob(filepath.Join(root, dir, pkg, "*.go"))
	decl := regexp.MustCompile(`(?m)^(func (\([^)]*\) )?|type |var |const |\t)` + regexp.QuoteMeta(name) + `\b`)
	for _, f := range files {
		if raw, err := os.ReadFile(f); err == nil && decl.Match(raw) {
			return true
		}
	}
	return false
}

// repoPath says whether a quoted word is a path into the repository the
// docs claim exists: it starts at a top-level directory that is committed,
// and holds no placeholder (<service>, $VAR, NN) or generated part.
func repoPath(p string) bool {
	if strings.ContainsAny(p, "<>${}:=@") || strings.Contains(p, "NN") || strings.Contains(p, "...") {
		return false
	}
	// What the README's walkthroughs create (an rpc UpdateEmail, a service
	// payment), and the .env a developer copies from .env.example.
	if strings.Contains(p, "update_email") || strings.Contains(p, "payment") || strings.HasSuffix(p, "/.env") {
		return false
	}
	top, _, ok := strings.Cut(p, "/")
	if !ok {
		return false
	}
	switch top {
	case "deploy", "docs", "common", "proto", "e2e", "testkit", "bench", "contracts", "third_party", ".ci", ".tools",
		"user-api", "user-rpc", "order-rpc", "inventory-rpc":
		return !strings.Contains(p, "/results/") // bench's results are written by runs
	case "clients":
		return !strings.Contains(p, "/dist") && !strings.Contains(p, "node_modules") // built
	}
	return false
}

// makeTargets is every target the Makefile and its included .mk files define.
func makeTargets(t *testing.T, root string) map[string]bool {
	t.Helper()
	files := []string{filepath.Join(root, "Makefile")}
	for _, g := range []string{"deploy/*.mk", "bench/*.mk", "contracts/*.mk", "clients/web/web.mk"} {
		m, _ := filepath.Glob(filepath.Join(root, g))
		files = append(files, m...)
	}
	rule := regexp.MustCompile(`(?m)^([a-z][a-z0-9-]*(?:\s+[a-z][a-z0-9-]*)*)\s*:([^=]|$)`)
	out := map[string]bool{}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range rule.FindAllStringSubmatch(string(raw), -1) {
			for _, name := range strings.Fields(m[1]) {
				out[name] = true
			}
		}
	}
	if !out["test"] || !out["gen"] {
		t.Fatalf("found no test or gen target in %v: %v", files, out)
	}
	return out
}

// anchors is the GitHub anchor of every heading of a Markdown file.
func anchors(t *testing.T, path string) []string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	fence := false
	for _, line := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(line, "```") {
			fence = !fence
		}
		if fence || !strings.HasPrefix(line, "#") {
			continue
		}
		h := strings.ToLower(strings.TrimSpace(strings.TrimLeft(line, "#")))
		var b strings.Builder
		for _, r := range h {
			switch {
			case r == ' ':
				b.WriteRune('-')
			case r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127:
				b.WriteRune(r)
			}
		}
		out = append(out, b.String())
	}
	return out
}
