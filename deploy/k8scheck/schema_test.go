package k8scheck

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/yannh/kubeconform/pkg/validator"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"

	"github.com/zsuite/deploy/internal/kube"
	"github.com/zsuite/deploy/internal/kubeschema"
)

// oldestKubernetes is the oldest release docs/deploy.md supports (the preStop
// sleep action needs 1.30); the newest is the one the control plane of the
// deploy tests is built from (deploy/kube/go.mod).
const oldestKubernetes = "v1.30.14"

// TestSchemasAtOldestAndNewestKubernetes validates every object of every
// overlay, alone and with each component, as kubeconform -strict does, with
// schemas generated offline from the OpenAPI document of the oldest and the
// newest supported release: a field a release does not know, or misspelt, fails.
func TestSchemasAtOldestAndNewestKubernetes(t *testing.T) {
	newest := pinnedKubernetes(t)
	crds, err := kube.GatewayAPICRDs(root(t))
	if err != nil {
		t.Fatal(err)
	}
	renders := map[string][]byte{}
	components, err := filepath.Glob(filepath.Join(root(t), "deploy", "k8s", "components", "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range overlays(t) {
		renders[filepath.Base(o)] = render(t, o)
		for _, c := range components {
			if filepath.Base(c) == "in-cluster-infra" {
				continue // dev has it, prod brings its own stores
			}
			renders[filepath.Base(o)+"+"+filepath.Base(c)] = render(t, composed(t, o, c))
		}
	}
	for _, version := range []string{oldestKubernetes, newest} {
		t.Run(version, func(t *testing.T) {
			swagger, err := kubeschema.Swagger(context.Background(), filepath.Join(root(t), "deploy"), version)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			out, n, err := kubeschema.Generate(swagger, dir, version)
			if err != nil || n < 100 {
				t.Fatalf("generating the schemas of %s: %d files, %v", version, n, err)
			}
			// The Gateway API's kinds, from the CRDs make kube-up installs.
			if n, err := kubeschema.GenerateCRDs(crds, out); err != nil || n < 5 {
				t.Fatalf("the Gateway API CRDs' schemas: %d, %v", n, err)
			}
			v, err := validator.New([]string{dir + "/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json"},
				validator.Opts{KubernetesVersion: strings.TrimPrefix(version, "v"), Strict: true,
					// Not a Kubernetes kind: the Prometheus Operator's CRD.
					SkipKinds: map[string]struct{}{"PrometheusRule": {}}})
			if err != nil {
				t.Fatal(err)
			}
			for name, yaml := range renders {
				valid := 0
				for _, r := range v.ValidateWithContext(context.Background(), name, io.NopCloser(bytes.NewReader(yaml))) {
					switch r.Status {
					case validator.Valid:
						valid++
					case validator.Skipped, validator.Empty:
					default:
						sig, _ := r.Resource.Signature()
						t.Errorf("%s %s: %v %v", name, sig.QualifiedName(), r.Err, r.ValidationErrors)
					}
				}
				if valid < 10 {
					t.Errorf("%s: %d objects valid, want them all", name, valid)
				}
			}
		})
	}
	// The generator itself: a schema that is not strict, or a misnamed file,
	// would let everything through.
	t.Run("a field no release knows fails", func(t *testing.T) {
		bad := strings.Replace(string(renders["dev"]), "revisionHistoryLimit:", "revisionHistoryLimits:", 1)
		swagger, err := kubeschema.Swagger(context.Background(), filepath.Join(root(t), "deploy"), newest)
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		if _, _, err := kubeschema.Generate(swagger, dir, newest); err != nil {
			t.Fatal(err)
		}
		v, err := validator.New([]string{dir}, validator.Opts{KubernetesVersion: strings.TrimPrefix(newest, "v"), Strict: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range v.ValidateWithContext(context.Background(), "bad", io.NopCloser(strings.NewReader(bad))) {
			if r.Status == validator.Invalid {
				return
			}
		}
		t.Error("a misspelt field passed the schemas")
	})
}

// pinnedKubernetes is the k8s.io/kubernetes version deploy/kube/go.mod requires.
func pinnedKubernetes(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root(t), "deploy", "kube", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^require k8s\.io/kubernetes (v\S+)$`).FindSubmatch(b)
	if m == nil {
		t.Fatal("deploy/kube/go.mod requires no k8s.io/kubernetes")
	}
	return string(m[1])
}

// render is `kubectl kustomize dir`.
func render(t *testing.T, dir string) []byte {
	t.Helper()
	m, err := krusty.MakeKustomizer(krusty.MakeDefaultOptions()).Run(filesys.MakeFsOnDisk(), dir)
	if err != nil {
		t.Fatalf("kustomize build %s: %v", dir, err)
	}
	y, err := m.AsYaml()
	if err != nil {
		t.Fatal(err)
	}
	return y
}

// composed is a kustomization, in a temporary directory (kustomize wants
// relative paths), of overlay with component added to it, in the overlay's
// namespace: what the overlay makes when it lists the component.
func composed(t *testing.T, overlay, component string) string {
	t.Helper()
	ns := build(t, overlay).Namespace
	dir := t.TempDir()
	rel := func(p string) string {
		r, err := filepath.Rel(dir, p)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	k := fmt.Sprintf("namespace: %s\nresources: [%s]\ncomponents: [%s]\n", ns, rel(overlay), rel(component))
	if err := os.WriteFile(filepath.Join(dir, "kustomization.yaml"), []byte(k), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}
