package k8scheck

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	kjson "sigs.k8s.io/json"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"

	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/zsuite/deploy/internal/suite"
)

// Build is what one kustomization produces, each object decoded into its
// typed Kubernetes struct.
type Build struct {
	Dir        string
	Namespace  string // of the Namespace object the overlay creates
	Namespaces []corev1.Namespace
	Accounts   []corev1.ServiceAccount
	ConfigMaps map[string]corev1.ConfigMap // by the name before the hash suffix too
	Secrets    map[string]corev1.Secret
	Services   []corev1.Service
	Deploys    []appsv1.Deployment
	Stateful   []appsv1.StatefulSet
	HPAs       []autoscalingv2.HorizontalPodAutoscaler
	PDBs       []policyv1.PodDisruptionBudget
	Policies   Policies
	Ingresses  []networkingv1.Ingress
	Roles      []rbacv1.Role
	Bindings   []rbacv1.RoleBinding
	CRoles     []rbacv1.ClusterRole
	CBindings  []rbacv1.ClusterRoleBinding
	Classes    []gatewayv1.GatewayClass
	Gateways   []gatewayv1.Gateway
	Routes     []gatewayv1.HTTPRoute
	// Unlabelled are the objects (Kind/name) without app.kubernetes.io/part-of: zsuite.
	Unlabelled []string
}

// kinds maps apiVersion/kind to where a decoded object goes. An object of any
// other kind fails the build: each kind the manifests use is checked here.
func (b *Build) add(apiVersion, kind string, raw []byte) error {
	switch apiVersion + "/" + kind {
	case "v1/Namespace":
		return decode(raw, &b.Namespaces)
	case "v1/ServiceAccount":
		return decode(raw, &b.Accounts)
	case "v1/ConfigMap":
		var cms []corev1.ConfigMap
		if err := decode(raw, &cms); err != nil {
			return err
		}
		b.ConfigMaps[cms[0].Name] = cms[0]
	case "v1/Secret":
		var ss []corev1.Secret
		if err := decode(raw, &ss); err != nil {
			return err
		}
		b.Secrets[ss[0].Name] = ss[0]
	case "v1/Service":
		return decode(raw, &b.Services)
	case "apps/v1/Deployment":
		return decode(raw, &b.Deploys)
	case "apps/v1/StatefulSet":
		return decode(raw, &b.Stateful)
	case "autoscaling/v2/HorizontalPodAutoscaler":
		return decode(raw, &b.HPAs)
	case "policy/v1/PodDisruptionBudget":
		return decode(raw, &b.PDBs)
	case "networking.k8s.io/v1/NetworkPolicy":
		var ps []networkingv1.NetworkPolicy
		if err := decode(raw, &ps); err != nil {
			return err
		}
		b.Policies = append(b.Policies, ps...)
	case "networking.k8s.io/v1/Ingress":
		return decode(raw, &b.Ingresses)
	case "rbac.authorization.k8s.io/v1/Role":
		return decode(raw, &b.Roles)
	case "rbac.authorization.k8s.io/v1/RoleBinding":
		return decode(raw, &b.Bindings)
	case "rbac.authorization.k8s.io/v1/ClusterRole":
		return decode(raw, &b.CRoles)
	case "rbac.authorization.k8s.io/v1/ClusterRoleBinding":
		return decode(raw, &b.CBindings)
	case "gateway.networking.k8s.io/v1/GatewayClass":
		return decode(raw, &b.Classes)
	case "gateway.networking.k8s.io/v1/Gateway":
		return decode(raw, &b.Gateways)
	case "gateway.networking.k8s.io/v1/HTTPRoute":
		return decode(raw, &b.Routes)
	default:
		return fmt.Errorf("%s %s: a kind these checks do not know; add it to Build.add", apiVersion, kind)
	}
	return nil
}

// decode appends raw, decoded strictly, to *list, as the API server decodes
// a request: keys are case-sensitive, and a field the typed struct does not
// have (a typo, a field at the wrong level) or a field given twice is an error.
func decode[T any](raw []byte, list *[]T) error {
	var v T
	strict, err := kjson.UnmarshalStrict(raw, &v, kjson.DisallowUnknownFields, kjson.DisallowDuplicateFields)
	if err != nil {
		return err
	}
	if len(strict) > 0 {
		return errors.Join(strict...)
	}
	*list = append(*list, v)
	return nil
}

// build runs kustomize on dir as `kubectl apply -k dir` would.
func build(t *testing.T, dir string) *Build {
	t.Helper()
	m, err := krusty.MakeKustomizer(krusty.MakeDefaultOptions()).Run(filesys.MakeFsOnDisk(), dir)
	if err != nil {
		t.Fatalf("kustomize build %s: %v", dir, err)
	}
	b := &Build{Dir: dir, ConfigMaps: map[string]corev1.ConfigMap{}, Secrets: map[string]corev1.Secret{}}
	seen := map[string]bool{}
	for _, r := range m.Resources() {
		raw, err := r.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		id := r.GetKind() + "/" + r.GetNamespace() + "/" + r.GetName()
		if seen[id] {
			t.Errorf("%s twice", id)
		}
		seen[id] = true
		if r.GetLabels()["app.kubernetes.io/part-of"] != "zsuite" {
			b.Unlabelled = append(b.Unlabelled, r.GetKind()+"/"+r.GetName())
		}
		if err := b.add(r.GetApiVersion(), r.GetKind(), raw); err != nil {
			t.Errorf("%s: %v", id, err)
		}
	}
	if len(b.Namespaces) == 1 {
		b.Namespace = b.Namespaces[0].Name
	}
	return b
}

func root(t *testing.T) string { return suite.TestRoot(t) }

func services(t *testing.T) []suite.Service {
	t.Helper()
	svcs, err := suite.Load(root(t))
	if err != nil {
		t.Fatal(err)
	}
	return svcs
}

// overlays returns every overlay directory under deploy/k8s/overlays.
func overlays(t *testing.T) []string {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join(root(t), "deploy", "k8s", "overlays", "*", "kustomization.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range dirs {
		out = append(out, filepath.Dir(d))
	}
	sort.Strings(out)
	if len(out) < 2 {
		t.Fatalf("overlays %v: want dev and prod at least", out)
	}
	return out
}

// withComponent builds overlay with an extra component, as an overlay that
// lists it among its components would (see composed).
func withComponent(t *testing.T, overlay, component string) *Build {
	t.Helper()
	b := build(t, composed(t, overlay, component))
	b.Dir = overlay
	return b
}

// configMap finds a ConfigMap by the name the manifests refer to it with:
// after kustomize, that is the generated name with its hash.
func (b *Build) configMap(name string) (corev1.ConfigMap, bool) {
	cm, ok := b.ConfigMaps[name]
	return cm, ok
}

// secretData returns a Secret's data as strings. A Secret the build does not
// make is one the overlay expects to exist: its keys and example values must
// be documented in the overlay's secrets.example/<service>.env.
func (b *Build) secretData(t *testing.T, name string) (map[string]string, bool) {
	t.Helper()
	if s, ok := b.Secrets[name]; ok {
		out := map[string]string{}
		for k, v := range s.Data {
			out[k] = string(v)
		}
		for k, v := range s.StringData {
			out[k] = v
		}
		return out, true
	}
	path := filepath.Join(b.Dir, "secrets.example", strings.TrimSuffix(name, "-secrets")+".env")
	env, err := suite.ReadEnvFile(path)
	if err != nil {
		return nil, false
	}
	return env, true
}

func TestDecodeIsStrict(t *testing.T) {
	var ds []appsv1.Deployment
	for _, bad := range []string{
		`{"kind":"Deployment","spec":{"replicas":1,"replica":2}}`,  // unknown field
		`{"kind":"Deployment","spec":{"Replicas":1}}`,              // wrong case
		`{"kind":"Deployment","spec":{"replicas":1,"replicas":2}}`, // twice
		`{"kind":"Deployment","spec":{"template":{"spec":{"containers":[{"name":"x","imagePullPolicy":"IfNotPresent","probe":{}}]}}}}`,
	} {
		if err := decode([]byte(bad), &ds); err == nil {
			t.Errorf("%s decodes", bad)
		}
	}
	if err := decode([]byte(`{"kind":"Deployment","spec":{"replicas":1}}`), &ds); err != nil || len(ds) != 1 {
		t.Errorf("a good Deployment: %v", err)
	}
}
