package main

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"go/format"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"text/template"

	"github.com/zsuite/testkit/stack"
)

//go:embed all:templates
var templates embed.FS

// Service is what the templates and the registrations are made from.
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

// goKeywords cannot name the client package goctl makes (<name>/).
var goKeywords = strings.Fields(`break case chan const continue default defer else fallthrough for func go
	goto if import interface map package range return select struct switch type var`)

// Check validates a new service's name against the topology.
func Check(name string, top stack.Topology) error {
	switch {
	case !validName.MatchString(name):
		return fmt.Errorf("NAME=%q: a service name is lower-case letters only (a to z), e.g. NAME=payment", name)
	case len(name) > maxName:
		return fmt.Errorf("NAME=%q: at most %d letters (Kubernetes names are made from it)", name, maxName)
	case slices.Contains(goKeywords, name):
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
		return Service{}, errors.New("deploy/topology has no RPC service owning a database to copy the registrations of")
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
	if err := render(c, s); err != nil {
		return s, err
	}
	if err := copyModule(c, ref, s); err != nil {
		return s, err
	}
	if err := register(c, ref, s); err != nil {
		return s, err
	}
	if err := c.write(); err != nil {
		return s, err
	}
	// The workspace (make new-service then runs go mod tidy in the module and in deploy/).
	return s, goCmd(root, "work", "use", "./"+s.Svc)
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

// reference is the service whose registrations a new one copies: the first
// RPC service with a database.
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

// render writes templates/ into the tree: proto/ as it is, service/ into
// <name>-rpc/, deploy/ where register places it; NAME in a path is the name.
func render(c *changes, s Service) error {
	return fs.WalkDir(templates, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := strings.TrimSuffix(strings.TrimPrefix(p, "templates/"), ".tmpl")
		switch {
		case strings.HasPrefix(rel, "service/"):
			rel = filepath.Join(s.Svc, strings.TrimPrefix(rel, "service/"))
		case strings.HasPrefix(rel, "proto/"):
		default:
			return nil // deploy/: placed by register
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

// goCmd runs the go command in dir.
func goCmd(dir string, args ...string) error {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go %s in %s: %v\n%s", strings.Join(args, " "), dir, err, out)
	}
	return nil
}
