package main

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"go/format"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"text/template"

	"github.com/zsuite/testkit/stack"
)

//go:embed all:templates
var templates embed.FS

// Service is what the templates are made from.
type Service struct {
	Name     string // payment
	Svc      string // payment-rpc: directory, module, binary, Kubernetes and compose name
	Title    string // Payment: the proto service
	EnvKey   string // PAYMENT_RPC: prefix of its compose settings
	Database string // its database on its own Postgres
	// Its ports in the local stack: gRPC, DevServer, readiness, Postgres, Redis.
	Port, Dev, Ready, PG, Redis int
}

var validName = regexp.MustCompile(`^[a-z]+$`)

// maxName keeps every name made from it valid in Kubernetes: a StatefulSet
// <name>-rpc-postgres names its pods and their revision labels (at most 63
// characters with the hash kubelet appends).
const maxName = 24

// Check validates a new service's name against the topology.
func Check(name string, top stack.Topology) error {
	switch {
	case !validName.MatchString(name):
		return fmt.Errorf("NAME=%q: a service name is lower-case letters only (a to z), e.g. NAME=payment", name)
	case len(name) > maxName:
		return fmt.Errorf("NAME=%q: at most %d letters (Kubernetes names are made from it)", name, maxName)
	case token.IsKeyword(name): // it names the client package goctl makes (<name>/)
		return fmt.Errorf("NAME=%q is a Go keyword: goctl's client package would not compile", name)
	}
	for _, s := range top {
		if s.Short() == name || s.Name == name || s.Name == name+"-rpc" {
			return fmt.Errorf("NAME=%q: %s is already a service of deploy/topology", name, s.Name)
		}
	}
	return nil
}

// Scaffold adds the service name to the repository at root.
func Scaffold(root, name string) (Service, error) {
	top, err := stack.ReadTopology(filepath.Join(root, "deploy", "topology"))
	if err != nil {
		return Service{}, err
	}
	if err := Check(name, top); err != nil {
		return Service{}, err
	}
	ref, ok := reference(top)
	if !ok {
		return Service{}, errors.New("deploy/topology has no RPC service owning a database to start the new module from")
	}
	s := Service{
		Name: name, Svc: name + "-rpc", Title: strings.ToUpper(name[:1]) + name[1:],
		EnvKey: strings.ToUpper(name) + "_RPC", Database: name,
	}
	s.Port, s.Dev, s.Ready, s.PG, s.Redis = nextPorts(top)
	for _, p := range []string{s.Svc, filepath.Join("proto", name+".proto")} {
		if _, err := os.Stat(filepath.Join(root, p)); err == nil {
			return Service{}, fmt.Errorf("NAME=%q: %s exists already", name, p)
		}
	}
	// Everything is made in memory first: a name refused or a file that no
	// longer looks as expected leaves the tree as it was.
	c := &changes{root: root, files: map[string][]byte{}}
	if err := writeOwn(c, s); err != nil {
		return s, err
	}
	if err := copyModule(c, ref, s); err != nil {
		return s, err
	}
	if err := addLine(c, s); err != nil {
		return s, err
	}
	// make gen then renders every list of the services from the topology
	// (go.work, compose, Kubernetes, ...; testkit/render).
	return s, c.write()
}

// addLine lists the service in deploy/topology, after the last RPC service,
// so that it starts before user-api, which calls the RPC services.
func addLine(c *changes, s Service) error {
	const topology = "deploy/topology"
	b, err := c.read(topology)
	if err != nil {
		return err
	}
	line := strings.TrimRight(fmt.Sprintf("%-15s %-15s %-5d %-5d %-6d %-5d %-10s %-6d %s",
		s.Svc, s.Name+".yaml", s.Port, s.Dev, s.Ready, s.PG, s.Database, s.Redis, "records"), " ")
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	at := -1
	for i, l := range lines {
		if f := strings.Fields(l); len(f) > 0 && !strings.HasPrefix(f[0], "#") && strings.HasSuffix(f[0], "-rpc") {
			at = i + 1
		}
	}
	if at < 0 {
		return fmt.Errorf("%s lists no RPC service to add %s after", topology, s.Svc)
	}
	lines = slices.Insert(lines, at, line)
	c.files[topology] = []byte(strings.Join(lines, "\n") + "\n")
	return nil
}

// changes are the files the scaffold creates and those it edits, by path
// under root, written together once all are made.
type changes struct {
	root    string
	files   map[string][]byte
	created []string
}

// create adds a new file; it never overwrites one.
func (c *changes) create(rel string, data []byte) error {
	if _, err := os.Stat(filepath.Join(c.root, rel)); err == nil {
		return fmt.Errorf("%s exists already", rel)
	}
	c.files[rel] = data
	c.created = append(c.created, rel)
	return nil
}

// read gives a file as the changes have it so far.
func (c *changes) read(rel string) ([]byte, error) {
	if b, ok := c.files[rel]; ok {
		return b, nil
	}
	return os.ReadFile(filepath.Join(c.root, rel))
}

func (c *changes) write() error {
	for rel, data := range c.files {
		p := filepath.Join(c.root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		flag := os.O_WRONLY | os.O_TRUNC
		if slices.Contains(c.created, rel) {
			flag = os.O_WRONLY | os.O_CREATE | os.O_EXCL
		}
		f, err := os.OpenFile(p, flag, 0o644)
		if err != nil {
			return err
		}
		if _, err := f.Write(data); err != nil {
			_ = f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	return nil
}

// reference is the service whose go.mod a new one starts from: the first RPC
// service with a database.
func reference(top stack.Topology) (stack.Service, bool) {
	for _, s := range top {
		if s.RPC() && s.Postgres() {
			return s, true
		}
	}
	return stack.Service{}, false
}

// nextPorts gives each kind of port the one after the highest in use, moving
// on while it collides with any port of the topology or of the shared stack.
func nextPorts(top stack.Topology) (port, dev, ready, pg, redis int) {
	used := map[int]bool{2379: true, 2380: true}
	maxOf := func(get func(stack.Service) int) int {
		m := 0
		for _, s := range top {
			m = max(m, get(s))
		}
		return m
	}
	for _, s := range top {
		for _, p := range []int{s.Port, s.DevPort, s.ReadyPort, s.PGPort, s.RedisPort} {
			used[p] = true
		}
	}
	next := func(get func(stack.Service) int) int {
		p := maxOf(get) + 1
		for used[p] {
			p++
		}
		used[p] = true
		return p
	}
	rpcPort := func(s stack.Service) int {
		if s.RPC() {
			return s.Port
		}
		return 0
	}
	return next(rpcPort), next(func(s stack.Service) int { return s.DevPort }), next(func(s stack.Service) int { return s.ReadyPort }),
		next(func(s stack.Service) int { return s.PGPort }), next(func(s stack.Service) int { return s.RedisPort })
}

// writeOwn writes templates/ into the tree: service/ into <name>-rpc/, the
// rest (proto/, the service's own Kubernetes manifest and secrets example
// under deploy/) where it says; NAME in a path is the name.
func writeOwn(c *changes, s Service) error {
	return fs.WalkDir(templates, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := strings.TrimSuffix(strings.TrimPrefix(p, "templates/"), ".tmpl")
		switch {
		case strings.HasPrefix(rel, "service/"):
			rel = filepath.Join(s.Svc, strings.TrimPrefix(rel, "service/"))
		}
		rel = strings.ReplaceAll(rel, "NAME", s.Name)
		out, err := execute(p, s)
		if err != nil {
			return err
		}
		if strings.HasSuffix(rel, ".go") {
			if out, err = format.Source(out); err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
		}
		return c.create(rel, out)
	})
}

func execute(name string, s Service) ([]byte, error) {
	t, err := template.New(filepath.Base(name)).Option("missingkey=error").ParseFS(templates, name)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := t.Execute(&b, s); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// copyModule starts the new module's go.mod and go.sum from the reference
// service's, so that it builds with the very versions the suite uses; `go mod
// tidy` (make new-service) then drops what it does not import.
func copyModule(c *changes, ref stack.Service, s Service) error {
	mod, err := c.read(filepath.Join(ref.Name, "go.mod"))
	if err != nil {
		return err
	}
	from := "module github.com/zsuite/" + ref.Name + "\n"
	if !bytes.HasPrefix(mod, []byte(from)) {
		return fmt.Errorf("%s/go.mod does not start with %q", ref.Name, from)
	}
	mod = append([]byte("module github.com/zsuite/"+s.Svc+"\n"), mod[len(from):]...)
	if err := c.create(filepath.Join(s.Svc, "go.mod"), mod); err != nil {
		return err
	}
	sum, err := c.read(filepath.Join(ref.Name, "go.sum"))
	if err != nil {
		return err
	}
	return c.create(filepath.Join(s.Svc, "go.sum"), sum)
}
