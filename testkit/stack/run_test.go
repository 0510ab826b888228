package stack

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuildTagsLeaveKubernetesOut: with BuildTags no service links
// client-go (go-zero's Kubernetes resolver, which the services, found
// through etcd, never use). Should go-zero move the resolver behind another
// tag, this fails instead of the binaries quietly doubling again.
func TestBuildTagsLeaveKubernetesOut(t *testing.T) {
	top, err := Services()
	if err != nil {
		t.Fatal(err)
	}
	root, err := Root()
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"list", "-deps", "-tags", BuildTags}
	for _, s := range top {
		args = append(args, "./"+s.Name)
	}
	cmd := exec.Command("go", args...)
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.HasPrefix(pkg, "k8s.io/") {
			t.Errorf("built with -tags %s, a service still links %s", BuildTags, pkg)
		}
	}
	// The Makefile and the Dockerfile build with the same tags.
	for file, want := range map[string]string{"Makefile": "BUILD_TAGS := " + BuildTags + "\n", "deploy/Dockerfile": "go build -tags " + BuildTags + " "} {
		b, err := os.ReadFile(filepath.Join(root, file))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), want) {
			t.Errorf("%s does not build with the tags of stack.BuildTags (%q)", file, want)
		}
	}
}
