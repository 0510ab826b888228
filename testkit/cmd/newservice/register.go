package main

import (
	"fmt"
	"go/format"
	"net/netip"
	"regexp"
	"strings"

	"github.com/zsuite/testkit/stack"
)

// register lists the new service wherever the suite lists its services.
func register(c *changes, ref stack.Service, s Service) error {
	// Each registration copies ref's: its names and ports become the new one's.
	subs := []string{
		ref.Name, s.Svc,
		ref.Short() + ".rpc", s.Name + ".rpc",
		strings.ToUpper(strings.ReplaceAll(ref.Name, "-", "_")), s.EnvKey,
		ref.Config, s.Name + ".yaml",
	}
	clone := strings.NewReplacer(subs...)
	// In a store's manifests, its database too.
	db := regexp.MustCompile(`\b` + regexp.QuoteMeta(ref.Database) + `\b`)
	cloneStore := func(text string) string { return db.ReplaceAllString(clone.Replace(text), s.Database) }
	rpcName := `[a-z]+-rpc`
	refName := regexp.QuoteMeta(ref.Name)

	edits := []struct {
		file string
		edit func(*text) error
	}{
		{"deploy/topology", func(t *text) error {
			line := fmt.Sprintf("%-15s %-15s %-5d %-5d %-6d %-5d %-10s %-6d %s",
				s.Svc, s.Name+".yaml", s.Port, s.Dev, s.Ready, s.PG, s.Database, s.Redis, "records")
			return t.insertAfterLast(`^`+rpcName+`\s`, false, strings.TrimRight(line, " "))
		}},
		{"deploy/internal/suite/loaders.go", func(t *text) error {
			alias := s.Name + "rpc"
			if err := t.insertAfterLast(`^\t\w+ "github.com/zsuite/`+rpcName+`/configcheck"$`, false,
				fmt.Sprintf("\t%s \"github.com/zsuite/%s/configcheck\"", alias, s.Svc)); err != nil {
				return err
			}
			return t.insertAfterLast(`^\t"`+rpcName+`":\s+\w+\.Load,$`, false, fmt.Sprintf("\t%q: %s.Load,", s.Svc, alias))
		}},
		{"deploy/go.mod", func(t *text) error { // the deploy checks load its config
			mod := "github.com/zsuite/" + s.Svc
			if err := t.insertAfterLast(`^\tgithub.com/zsuite/`+rpcName+` => \.\./`+rpcName+`$`, false, "\t"+mod+" => ../"+s.Svc); err != nil {
				return err
			}
			return t.insertAfterLast(`^\tgithub.com/zsuite/`+rpcName+` v0.0.0$`, false, "\t"+mod+" v0.0.0")
		}},
		{"deploy/Dockerfile.dockerignore", func(t *text) error {
			return t.insertAfterLast(`^!`+rpcName+`$`, false, "!"+s.Svc)
		}},
		{"deploy/.env.example", func(t *text) error {
			return t.insertAfterLast(`^[A-Z_]+_RPC_DB_PASSWORD=`, false, fmt.Sprintf("%s_DB_PASSWORD=dev-%s-db", s.EnvKey, s.Svc))
		}},
		{"deploy/observability/prometheus.yml", func(t *text) error {
			b, err := t.block(`^  - job_name: ` + refName + `$`)
			if err != nil {
				return err
			}
			b = strings.ReplaceAll(clone.Replace(b), fmt.Sprintf(":%d\"", ref.DevPort), fmt.Sprintf(":%d\"", s.Dev))
			return t.insertAfterLast(`^  - job_name: `+rpcName+`$`, true, b)
		}},
		{"deploy/docker-compose.yml", func(t *text) error {
			out, err := execute("templates/deploy/compose.yaml.tmpl", s)
			if err != nil {
				return err
			}
			if err := t.insertBefore(`^  # ---- observability`, strings.TrimRight(string(out), "\n")+"\n\n"); err != nil {
				return err
			}
			if err := t.insertAfterLast(`^  `+rpcName+`-data: \{internal: true\}$`, false, "  "+s.Svc+"-data: {internal: true}"); err != nil {
				return err
			}
			return t.insertAfterLast(`^  `+rpcName+`-redis: \{\}$`, false, fmt.Sprintf("  %[1]s-postgres: {}\n  %[1]s-redis: {}", s.Svc))
		}},
		{"deploy/k8s/base/kustomization.yaml", func(t *text) error {
			if err := t.insertAfterLast(`^  - `+rpcName+`\.yaml$`, false, "  - "+s.Svc+".yaml"); err != nil {
				return err
			}
			if err := t.cloneBlock(`^  - name: `+refName+`-config$`, `^  - name: `+rpcName+`-config$`, clone.Replace); err != nil {
				return err
			}
			return t.cloneBlock(`^  - name: `+refName+`-env$`, `^  - name: `+rpcName+`-env$`, clone.Replace)
		}},
		{"deploy/k8s/overlays/dev/kustomization.yaml", func(t *text) error {
			for _, item := range []string{"zsuite/%s", "%s-env", "%s-secrets", "%s-postgres"} {
				if err := t.cloneBlock(`^  - name: `+fmt.Sprintf(item, refName)+`$`, `^  - name: `+fmt.Sprintf(item, rpcName)+`$`, cloneStore); err != nil {
					return err
				}
			}
			return nil
		}},
		{"deploy/k8s/overlays/prod/kustomization.yaml", func(t *text) error {
			for _, item := range []string{"zsuite/%s", "%s-env"} {
				if err := t.cloneBlock(`^  - name: `+fmt.Sprintf(item, refName)+`$`, `^  - name: `+fmt.Sprintf(item, rpcName)+`$`, clone.Replace); err != nil {
					return err
				}
			}
			return nil
		}},
		{"deploy/k8s/overlays/prod/stores-egress.yaml", func(t *text) error {
			return t.cloneDocs(`name: `+refName+`-stores$`, func(doc string) (string, error) { return nextAddresses(t.String(), clone.Replace(doc)) })
		}},
		{"deploy/k8s/components/in-cluster-infra/kustomization.yaml", func(t *text) error {
			return t.cloneBlock(`^  - name: `+refName+`-env$`, `^  - name: `+rpcName+`-env$`, clone.Replace)
		}},
		{"deploy/k8s/components/in-cluster-infra/postgres.yaml", func(t *text) error {
			return t.cloneDocs(refName+`-postgres$`, func(doc string) (string, error) { return cloneStore(doc), nil })
		}},
		{"deploy/k8s/components/in-cluster-infra/redis.yaml", func(t *text) error {
			return t.cloneDocs(refName+`-redis$`, func(doc string) (string, error) { return clone.Replace(doc), nil })
		}},
		{"deploy/k8s/components/in-cluster-infra/service-egress.yaml", func(t *text) error {
			return t.cloneDocs(`name: `+refName+`-stores$`, func(doc string) (string, error) { return cloneStore(doc), nil })
		}},
	}
	for _, e := range edits {
		b, err := c.read(e.file)
		if err != nil {
			return err
		}
		t := newText(e.file, b)
		if err := e.edit(t); err != nil {
			return fmt.Errorf("%s: %w (nothing was changed: restore the file's layout, or register %s there by hand)", e.file, err, s.Svc)
		}
		out, err := t.bytes()
		if err != nil {
			return err
		}
		c.files[e.file] = out
	}
	for _, f := range []struct{ tmpl, path string }{
		{"templates/deploy/base.yaml.tmpl", "deploy/k8s/base/" + s.Svc + ".yaml"},
		{"templates/deploy/secrets.env.tmpl", "deploy/k8s/overlays/prod/secrets.example/" + s.Svc + ".env"},
	} {
		out, err := execute(f.tmpl, s)
		if err != nil {
			return err
		}
		if err := c.create(f.path, out); err != nil {
			return err
		}
	}
	return nil
}

// nextAddresses gives each /32 of doc the address after the highest of its
// /24 in file (the overlay's other stores), so that no two stores share one.
func nextAddresses(file, doc string) (string, error) {
	cidr := regexp.MustCompile(`cidr: (\d+\.\d+\.\d+\.\d+)/32`)
	highest := map[netip.Prefix]netip.Addr{}
	for _, m := range cidr.FindAllStringSubmatch(file, -1) {
		a, err := netip.ParseAddr(m[1])
		if err != nil {
			return "", err
		}
		p, _ := a.Prefix(24)
		if h, ok := highest[p]; !ok || h.Less(a) {
			highest[p] = a
		}
	}
	var err error
	out := cidr.ReplaceAllStringFunc(doc, func(m string) string {
		a, _ := netip.ParseAddr(cidr.FindStringSubmatch(m)[1])
		p, _ := a.Prefix(24)
		n := highest[p].Next()
		if !p.Contains(n) {
			err = fmt.Errorf("no address left in %s", p)
		}
		highest[p] = n
		return "cidr: " + n.String() + "/32"
	})
	return out, err
}

// text is a file edited line by line.
type text struct {
	path  string
	lines []string
}

func newText(path string, b []byte) *text {
	return &text{path: path, lines: strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")}
}

func (t *text) String() string { return strings.Join(t.lines, "\n") + "\n" }

// bytes is the file's new content, gofmt-ed when it is Go.
func (t *text) bytes() ([]byte, error) {
	out := []byte(t.String())
	if strings.HasSuffix(t.path, ".go") {
		var err error
		if out, err = format.Source(out); err != nil {
			return nil, fmt.Errorf("%s: %w", t.path, err)
		}
	}
	return out, nil
}

func (t *text) last(pattern string) (int, error) {
	re := regexp.MustCompile(pattern)
	for i := len(t.lines) - 1; i >= 0; i-- {
		if re.MatchString(t.lines[i]) {
			return i, nil
		}
	}
	return 0, fmt.Errorf("no line matches %s", pattern)
}

// end is the line after the item starting at line i: the lines after it that
// are indented deeper belong to it (a YAML list item or mapping entry).
func (t *text) end(i int) int {
	indent := func(l string) int { return len(l) - len(strings.TrimLeft(l, " ")) }
	base := indent(t.lines[i])
	j := i + 1
	for j < len(t.lines) && strings.TrimSpace(t.lines[j]) != "" && indent(t.lines[j]) > base {
		j++
	}
	return j
}

// block returns the item starting at the last line matching pattern.
func (t *text) block(pattern string) (string, error) {
	i, err := t.last(pattern)
	if err != nil {
		return "", err
	}
	return strings.Join(t.lines[i:t.end(i)], "\n"), nil
}

// insertAfterLast inserts lines after the last line matching pattern, or, in
// a block, after the item it starts.
func (t *text) insertAfterLast(pattern string, block bool, lines string) error {
	i, err := t.last(pattern)
	if err != nil {
		return err
	}
	at := i + 1
	if block {
		at = t.end(i)
	}
	t.lines = append(t.lines[:at], append(strings.Split(lines, "\n"), t.lines[at:]...)...)
	return nil
}

func (t *text) insertBefore(pattern, lines string) error {
	i, err := t.last(pattern)
	if err != nil {
		return err
	}
	t.lines = append(t.lines[:i], append(strings.Split(strings.TrimSuffix(lines, "\n"), "\n"), t.lines[i:]...)...)
	return nil
}

// cloneBlock copies the item at the last line matching from, changed by
// change, after the item at the last line matching after.
func (t *text) cloneBlock(from, after string, change func(string) string) error {
	b, err := t.block(from)
	if err != nil {
		return err
	}
	return t.insertAfterLast(after, true, change(b))
}

// cloneDocs appends to a multi-document YAML file a copy, changed by change,
// of each document with a line matching pattern (without the file's header
// comment).
func (t *text) cloneDocs(pattern string, change func(string) (string, error)) error {
	re := regexp.MustCompile(`(?m)` + pattern)
	var docs, clones []string
	var cur []string
	for _, l := range t.lines {
		if l == "---" {
			docs, cur = append(docs, strings.Join(cur, "\n")), nil
			continue
		}
		cur = append(cur, l)
	}
	docs = append(docs, strings.Join(cur, "\n"))
	for i, d := range docs {
		if !re.MatchString(d) {
			continue
		}
		if i == 0 { // the file's header comment stays the file's
			ls := strings.Split(d, "\n")
			for len(ls) > 0 && strings.HasPrefix(ls[0], "#") {
				ls = ls[1:]
			}
			d = strings.Join(ls, "\n")
		}
		c, err := change(d)
		if err != nil {
			return err
		}
		clones = append(clones, c)
	}
	if len(clones) == 0 {
		return fmt.Errorf("no document matches %s", pattern)
	}
	for _, c := range clones {
		t.lines = append(t.lines, "---")
		t.lines = append(t.lines, strings.Split(c, "\n")...)
	}
	return nil
}
