package imagecheck

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
	"golang.org/x/mod/modfile"

	"github.com/zsuite/deploy/internal/suite"
)

func root(t *testing.T) string { return suite.TestRoot(t) }

func dockerfile(t *testing.T) []Stage {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(root(t), "deploy", "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	return Parse(string(raw))
}

func TestParse(t *testing.T) {
	stages := Parse("# syntax=docker/dockerfile:1\nARG V=1\n\nFROM a AS b\nRUN x \\\n  # a comment\n  y\nFROM c\nUSER 1\n")
	if len(stages) != 3 || stages[1].From.Args != "a AS b" || stages[2].From.Args != "c" {
		t.Fatalf("stages %+v", stages)
	}
	if in := stages[1].Instructions; len(in) != 1 || in[0].Cmd != "RUN" || strings.Join(strings.Fields(in[0].Args), " ") != "x y" {
		t.Fatalf("RUN %+v", in)
	}
	if in := stages[0].Instructions; len(in) != 1 || in[0].Args != "V=1" {
		t.Fatalf("global %+v", in)
	}
}

// Multi-stage, cross-compiled for the target platform on the builder's own,
// static, into a distroless image run by a non-root user, with no HEALTHCHECK
// and no time zone of its own.
func TestDockerfile(t *testing.T) {
	stages := dockerfile(t)
	if len(stages) < 3 {
		t.Fatalf("%d stages: want a build stage and a final one", len(stages)-1)
	}
	build, final := stages[1], stages[len(stages)-1]

	if !strings.Contains(build.From.Args, "--platform=$BUILDPLATFORM") {
		t.Errorf("the build stage runs on %q; want --platform=$BUILDPLATFORM, cross-compiling for TARGETOS/TARGETARCH", build.From.Args)
	}
	var args, runs, envs []string
	for _, in := range build.Instructions {
		switch in.Cmd {
		case "ARG":
			args = append(args, strings.Fields(in.Args)...)
		case "RUN":
			runs = append(runs, in.Args)
		case "ENV":
			envs = append(envs, in.Args)
		}
	}
	for _, a := range []string{"TARGETOS", "TARGETARCH", "SERVICE"} {
		if !slices.Contains(args, a) {
			t.Errorf("the build stage does not declare ARG %s", a)
		}
	}
	goBuilds := 0
	for _, r := range runs {
		if strings.Contains(r, "go build") {
			goBuilds++
			if !strings.Contains(r, "GOOS=$TARGETOS") || !strings.Contains(r, "GOARCH=$TARGETARCH") {
				t.Errorf("go build without GOOS=$TARGETOS GOARCH=$TARGETARCH: %s", r)
			}
		}
		if regexp.MustCompile(`zoneinfo|/etc/localtime|\bTZ=`).MatchString(r) {
			t.Errorf("a time zone is set in the build: %s", r)
		}
	}
	if goBuilds != 2 {
		t.Errorf("%d go builds; want the service and the probe", goBuilds)
	}
	if !slices.ContainsFunc(envs, func(e string) bool { return strings.Contains(e, "CGO_ENABLED=0") }) {
		t.Error("CGO_ENABLED=0 is not set in the build stage: the binary must be static for distroless/static")
	}

	image := strings.Fields(final.From.Args)[0]
	if !strings.HasPrefix(image, "gcr.io/distroless/static") && image != "scratch" {
		t.Errorf("the final image is %s; want distroless static or scratch", image)
	}
	var (
		user       string
		entrypoint string
		copied     []string
	)
	for _, stage := range stages {
		for _, in := range stage.Instructions {
			switch in.Cmd {
			case "HEALTHCHECK":
				t.Errorf("line %d: HEALTHCHECK in the image; the orchestrators probe", in.Line)
			case "ENV":
				if regexp.MustCompile(`\bTZ=`).MatchString(in.Args) {
					t.Errorf("line %d: the image sets TZ", in.Line)
				}
			}
		}
	}
	for _, in := range final.Instructions {
		switch in.Cmd {
		case "USER":
			user = in.Args
		case "ENTRYPOINT":
			entrypoint = in.Args
		case "COPY":
			f := strings.Fields(in.Args)
			dst := f[len(f)-1]
			for _, src := range f[:len(f)-1] {
				switch {
				case strings.HasPrefix(src, "--"):
				case strings.HasSuffix(src, "/"): // a directory's content, into dst
					copied = append(copied, filepath.Clean(dst))
				default:
					copied = append(copied, filepath.Join(dst, filepath.Base(src)))
				}
			}
		}
	}
	uid := strings.Split(user, ":")[0]
	if uid == "" || uid == "0" || uid == "root" {
		t.Errorf("USER %q: the image must run as a non-root user", user)
	}
	if entrypoint != `["/app/service"]` {
		t.Errorf("ENTRYPOINT %s, want [\"/app/service\"]", entrypoint)
	}
	for _, want := range []string{"/app/service", "/app/probe", "/app/etc"} {
		if !slices.Contains(copied, want) {
			t.Errorf("the final image has no %s (copied: %v)", want, copied)
		}
	}
}

// The Go of the build image is the workspace's.
func TestGoVersionIsTheWorkspaces(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(root(t), "go.work"))
	if err != nil {
		t.Fatal(err)
	}
	work, err := modfile.ParseWork("go.work", raw, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Join(strings.Split(work.Go.Version, ".")[:2], ".")
	for _, in := range dockerfile(t)[0].Instructions {
		if v, ok := strings.CutPrefix(in.Args, "GO_VERSION="); in.Cmd == "ARG" && ok {
			if v != want {
				t.Errorf("the Dockerfile builds with Go %s; go.work says %s", v, work.Go.Version)
			}
			return
		}
	}
	t.Error("no ARG GO_VERSION before the first FROM")
}

// The build context the ignore file lets through holds every module of the
// workspace and the probe, and none of what the build does not read.
func TestBuildContext(t *testing.T) {
	r := root(t)
	f, err := os.Open(filepath.Join(r, "deploy", "Dockerfile.dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	patterns, err := ignorefile.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		t.Fatal(err)
	}
	excluded := func(path string) bool {
		ex, err := pm.MatchesOrParentMatches(path)
		if err != nil {
			t.Fatal(err)
		}
		return ex
	}

	raw, err := os.ReadFile(filepath.Join(r, "go.work"))
	if err != nil {
		t.Fatal(err)
	}
	work, err := modfile.ParseWork("go.work", raw, nil)
	if err != nil {
		t.Fatal(err)
	}
	need := []string{"go.work", "go.work.sum", "deploy/go.mod", "deploy/cmd/probe/main.go"}
	// The modules of go.work, and the local copies it replaces modules with.
	dirs := make([]string, 0, len(work.Use)+len(work.Replace))
	for _, use := range work.Use {
		dirs = append(dirs, use.Path)
	}
	for _, rep := range work.Replace {
		if modfile.IsDirectoryPath(rep.New.Path) {
			dirs = append(dirs, rep.New.Path)
		}
	}
	for _, dir := range dirs {
		dir = filepath.Clean(dir)
		need = append(need, dir+"/go.mod")
		// Every non-test Go file of the module.
		_ = filepath.WalkDir(filepath.Join(r, dir), func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
				rel, _ := filepath.Rel(r, path)
				if !strings.Contains(rel, "/e2e/") {
					need = append(need, rel)
				}
			}
			return nil
		})
	}
	svcs, err := suite.Load(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range svcs {
		rel, _ := filepath.Rel(r, s.ConfigPath)
		need = append(need, rel)
	}
	for _, path := range need {
		if excluded(path) {
			t.Errorf("the build context leaves out %s, which the build reads", path)
		}
	}
	for _, path := range []string{".git/config", ".local/bin/user-api", ".tools/go.mod", "deploy/k8s/base/kustomization.yaml",
		"deploy/.env", "docs/openapi.json", "e2e/users_test.go", "user-rpc/internal/logic/logic_test.go"} {
		if !excluded(path) {
			t.Errorf("the build context sends %s, which the build does not read", path)
		}
	}
}
