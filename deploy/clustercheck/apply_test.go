package clustercheck

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"

	"github.com/zsuite/deploy/internal/kube"
	"github.com/zsuite/deploy/internal/suite"
	"github.com/zsuite/deploy/internal/testcert"
)

// overlay is a kustomization an operator applies, and what docs/deploy.md
// tells them to do before: the namespace first, then (prod) the Secrets.
type overlay struct {
	name      string
	dir       string // what kubectl apply -k gets
	namespace string
	nsFile    string // the overlay's namespace.yaml, applied first
	secrets   string // env files <service>.env to make <service>-secrets of; "" when the overlay generates them
}

func TestOverlaysOnARealControlPlane(t *testing.T) {
	root, err := suite.Root()
	if err != nil {
		t.Fatal(err)
	}
	k8s := filepath.Join(root, "deploy/k8s")
	cp := kube.Start(t, root)
	t.Logf("control plane %s up in %s", cp.Version, cp.Dir)

	prod := overlay{"prod", filepath.Join(k8s, "overlays/prod"), "zsuite",
		filepath.Join(k8s, "overlays/prod/namespace.yaml"), filepath.Join(k8s, "overlays/prod/secrets.example")}
	// prod with tracing switched on, as docs/deploy.md says: the component
	// added to the overlay's components.
	tracing := prod
	tracing.name, tracing.dir = "prod+tracing", t.TempDir()
	rel := func(p string) string {
		r, err := filepath.Rel(tracing.dir, p)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	writeFile(t, filepath.Join(tracing.dir, "kustomization.yaml"), fmt.Sprintf(`apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: %s
resources: [%s]
components: [%s]
`, prod.namespace, rel(prod.dir), rel(filepath.Join(k8s, "components/tracing"))))

	for _, o := range []overlay{
		{"dev", filepath.Join(k8s, "overlays/dev"), "zsuite-dev", filepath.Join(k8s, "overlays/dev/namespace.yaml"), ""},
		prod,
		tracing,
	} {
		t.Run(o.name, func(t *testing.T) { checkOverlay(t, cp, o) })
	}
}

func checkOverlay(t *testing.T, cp *kube.ControlPlane, o overlay) {
	kubectl := func(args ...string) string { t.Helper(); return cp.MustKubectl(t, args...) }
	// prod and prod+tracing share the namespace: start from an empty one.
	if _, err := cp.Kubectl("get", "namespace", o.namespace); err == nil {
		kubectl("delete", "namespace", o.namespace, "--wait=false")
		// The pods bound to a node (evictUnready) wait for a kubelet to
		// confirm their end, and there is none.
		kubectl("-n", o.namespace, "delete", "pods", "--all", "--force", "--grace-period=0")
		kubectl("wait", "--for=delete", "namespace/"+o.namespace, "--timeout=3m")
	}

	// The steps of docs/deploy.md: the namespace, the Secrets, the overlay.
	kubectl("apply", "-f", o.nsFile)
	certs := t.TempDir()
	if o.secrets != "" {
		files, err := filepath.Glob(filepath.Join(o.secrets, "*.env"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no secret examples in %s: %v", o.secrets, err)
		}
		for _, f := range files {
			name := strings.TrimSuffix(filepath.Base(f), ".env") + "-secrets"
			kubectl("-n", o.namespace, "create", "secret", "generic", name, "--from-env-file="+f)
		}
		// The gateway's certificate (a throwaway one), as kubectl create secret tls makes it.
		testcert.Write(t, certs)
		kubectl("-n", o.namespace, "create", "secret", "tls", "zsuite-tls",
			"--cert="+filepath.Join(certs, "tls.crt"), "--key="+filepath.Join(certs, "tls.key"))
	}

	t.Run("server-side dry run accepts every object, with no warning", func(t *testing.T) {
		// The apply docs/deploy.md gives, run through the API server's
		// validation and admission without being kept.
		out, err := cp.Kubectl("apply", "-k", o.dir, "--dry-run=server")
		if err != nil {
			t.Fatal(err)
		}
		if w := cp.Stderr(); w != "" {
			t.Errorf("warnings:\n%s", w)
		}
		t.Logf("%d objects", strings.Count(out, "\n"))
	})

	out := kubectl("apply", "-k", o.dir)
	if w := cp.Stderr(); w != "" {
		t.Errorf("kubectl apply warned:\n%s", w)
	}
	t.Logf("applied %d objects", strings.Count(out, "\n"))

	t.Run("the controllers create every pod, under Pod Security restricted", func(t *testing.T) {
		var ns corev1.Namespace
		getJSON(t, cp, &ns, "get", "namespace", o.namespace)
		if got := ns.Labels["pod-security.kubernetes.io/enforce"]; got != "restricted" {
			t.Fatalf("namespace %s enforces Pod Security %q, want restricted", o.namespace, got)
		}
		cp.WaitFor(t, "every workload's pods", 2*time.Minute, func() error {
			if msgs := failedCreates(t, cp, o.namespace); len(msgs) > 0 {
				return fmt.Errorf("FailedCreate: %s", strings.Join(msgs, "; "))
			}
			return workloadsComplete(t, cp, o.namespace)
		})
		// Stop at once on a refused pod rather than after the timeout.
		if msgs := failedCreates(t, cp, o.namespace); len(msgs) > 0 {
			t.Fatalf("FailedCreate: %s", strings.Join(msgs, "; "))
		}
	})

	if o.name == "dev" || o.name == "prod" {
		t.Run("the pinned Traefik serves the overlay's Gateway with the gateway's own account", func(t *testing.T) {
			checkGatewayServes(t, cp, o, certs)
		})
	}

	t.Run("kubectl diff is clean after the apply", func(t *testing.T) {
		if out, err := cp.Kubectl("diff", "-k", o.dir); err != nil {
			t.Errorf("kubectl diff after apply: %v\n%s", err, out)
		}
	})

	t.Run("a second apply changes nothing", func(t *testing.T) {
		// Judged by the server: kubectl's apply changes no object. kubectl
		// itself says "configured" whenever its patch is not empty, which it
		// never is for a PodDisruptionBudget's selector (patchStrategy
		// replace) or a StatefulSet's volumeClaimTemplates (an atomic list
		// the server fills with defaults), though the server changes nothing.
		// The managedFields times have a resolution of a second.
		before := applied(t, cp, o.namespace)
		time.Sleep(1100 * time.Millisecond)
		out := kubectl("apply", "-k", o.dir)
		after := applied(t, cp, o.namespace)
		for obj, at := range after {
			if before[obj] != at {
				t.Errorf("second apply changed %s (applied at %s, then at %s)", obj, before[obj], at)
			}
		}
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			if !strings.HasSuffix(line, " unchanged") {
				t.Logf("kubectl: %s", line)
			}
		}
	})

	t.Run("re-applies leave the HPA's replica count alone", func(t *testing.T) {
		var hpas autoscalingv2.HorizontalPodAutoscalerList
		getJSON(t, cp, &hpas, "-n", o.namespace, "get", "hpa")
		if len(hpas.Items) == 0 {
			t.Fatal("no HPA")
		}
		want := map[string]int32{}
		for _, h := range hpas.Items {
			// What the HPA would do under load: one more than its minimum,
			// through the scale subresource.
			n := *h.Spec.MinReplicas + 1
			if n > h.Spec.MaxReplicas {
				n = h.Spec.MaxReplicas
			}
			name := h.Spec.ScaleTargetRef.Name
			want[name] = n
			kubectl("-n", o.namespace, "patch", "deployment", name, "--subresource=scale", "--type=merge",
				"--field-manager=horizontal-pod-autoscaler", "-p", fmt.Sprintf(`{"spec":{"replicas":%d}}`, n))
		}
		check := func(how string) {
			t.Helper()
			for name, n := range want {
				var d appsv1.Deployment
				getJSON(t, cp, &d, "-n", o.namespace, "get", "deployment", name)
				if *d.Spec.Replicas != n {
					t.Errorf("%s: %s set %s back to %d replicas from the %d the HPA scaled it to", o.name, how, name, *d.Spec.Replicas, n)
				}
			}
		}
		kubectl("apply", "-k", o.dir)
		check("kubectl apply -k")
		if out, err := cp.Kubectl("apply", "-k", o.dir, "--server-side"); err != nil {
			t.Errorf("kubectl apply -k --server-side after the HPA scaled: %v\n%s", err, out)
		}
		check("kubectl apply -k --server-side")
	})

	t.Run("a Running but unready pod may be evicted", func(t *testing.T) {
		evictUnready(t, cp, o.namespace, "user-api")
	})
}

// workloadsComplete says which Deployment or StatefulSet does not have all its
// pods yet, or which HPA has not taken its Deployment's count over.
func workloadsComplete(t *testing.T, cp *kube.ControlPlane, ns string) error {
	var deploys appsv1.DeploymentList
	getJSON(t, cp, &deploys, "-n", ns, "get", "deployments")
	var sets appsv1.StatefulSetList
	getJSON(t, cp, &sets, "-n", ns, "get", "statefulsets")
	var hpas autoscalingv2.HorizontalPodAutoscalerList
	getJSON(t, cp, &hpas, "-n", ns, "get", "hpa")
	if len(deploys.Items) == 0 {
		return fmt.Errorf("no Deployment in %s", ns)
	}
	for _, d := range deploys.Items {
		want := *d.Spec.Replicas
		if d.Status.ObservedGeneration != d.Generation || d.Status.Replicas != want || d.Status.UpdatedReplicas != want {
			return fmt.Errorf("deployment %s: %d of %d pods (%d updated, generation %d observed %d)",
				d.Name, d.Status.Replicas, want, d.Status.UpdatedReplicas, d.Generation, d.Status.ObservedGeneration)
		}
	}
	for _, s := range sets.Items {
		if s.Status.ObservedGeneration != s.Generation || s.Status.Replicas != *s.Spec.Replicas {
			return fmt.Errorf("statefulset %s: %d of %d pods", s.Name, s.Status.Replicas, *s.Spec.Replicas)
		}
	}
	for _, h := range hpas.Items {
		for _, d := range deploys.Items {
			if d.Name == h.Spec.ScaleTargetRef.Name && *d.Spec.Replicas < *h.Spec.MinReplicas {
				return fmt.Errorf("deployment %s: %d replicas, below its HPA's minimum %d", d.Name, *d.Spec.Replicas, *h.Spec.MinReplicas)
			}
		}
	}
	return nil
}

func failedCreates(t *testing.T, cp *kube.ControlPlane, ns string) []string {
	var events corev1.EventList
	getJSON(t, cp, &events, "-n", ns, "get", "events", "--field-selector=reason=FailedCreate")
	var msgs []string
	for _, e := range events.Items {
		msgs = append(msgs, e.InvolvedObject.Kind+"/"+e.InvolvedObject.Name+": "+e.Message)
	}
	return msgs
}

// evictUnready makes every pod of the Deployment Running on a node but not
// ready, which is what an outage of a dependency its /readyz checks does,
// waits until the PDB counts them so, and evicts one, as kubectl drain does.
func evictUnready(t *testing.T, cp *kube.ControlPlane, ns, name string) {
	const node = "drained-node"
	if _, err := cp.Kubectl("get", "node", node); err != nil {
		if _, err := cp.KubectlIn(`{"apiVersion":"v1","kind":"Node","metadata":{"name":"`+node+`"}}`, "create", "-f", "-"); err != nil {
			t.Fatal(err)
		}
	}
	var pods corev1.PodList
	getJSON(t, cp, &pods, "-n", ns, "get", "pods", "-l", "app.kubernetes.io/name="+name)
	if len(pods.Items) < 2 {
		t.Fatalf("%d pods of %s; the check needs two at least", len(pods.Items), name)
	}
	for _, p := range pods.Items {
		if p.Spec.NodeName == "" {
			binding := fmt.Sprintf(`{"apiVersion":"v1","kind":"Binding","metadata":{"name":%q},"target":{"kind":"Node","name":%q}}`, p.Name, node)
			if _, err := cp.KubectlIn(binding, "create", "--raw", "/api/v1/namespaces/"+ns+"/pods/"+p.Name+"/binding", "-f", "-"); err != nil {
				t.Fatal(err)
			}
		}
		status := `{"status":{"phase":"Running","conditions":[{"type":"Ready","status":"False","reason":"ReadinessProbeFailed"}]}}`
		if _, err := cp.Kubectl("-n", ns, "patch", "pod", p.Name, "--subresource=status", "--type=merge", "-p", status); err != nil {
			t.Fatal(err)
		}
	}
	cp.WaitFor(t, "the PDB to count the unready pods", time.Minute, func() error {
		var pdb policyv1.PodDisruptionBudget
		getJSON(t, cp, &pdb, "-n", ns, "get", "pdb", name)
		if pdb.Status.ObservedGeneration != pdb.Generation || pdb.Status.ExpectedPods != int32(len(pods.Items)) || pdb.Status.CurrentHealthy != 0 {
			return fmt.Errorf("PDB %s: %+v", name, pdb.Status)
		}
		return nil
	})
	victim := pods.Items[0].Name
	eviction := fmt.Sprintf(`{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":%q,"namespace":%q}}`, victim, ns)
	if _, err := cp.KubectlIn(eviction, "create", "--raw", "/api/v1/namespaces/"+ns+"/pods/"+victim+"/eviction", "-f", "-"); err != nil {
		t.Errorf("evicting the unready pod %s of %d, as kubectl drain does, was refused: %v", victim, len(pods.Items), err)
	}
}

// applied maps every object of the namespace the overlays make (and the
// namespace) to when kubectl's client-side apply last changed it, as the
// server's managedFields record it. A controller writing an object's status
// does not count, as a resourceVersion would.
func applied(t *testing.T, cp *kube.ControlPlane, ns string) map[string]string {
	t.Helper()
	const when = `{.metadata.managedFields[?(@.manager=="kubectl-client-side-apply")].time}`
	out, err := cp.Kubectl("-n", ns, "get",
		"serviceaccounts,configmaps,secrets,services,deployments,statefulsets,poddisruptionbudgets,horizontalpodautoscalers,ingresses,networkpolicies",
		"-o", `jsonpath={range .items[*]}{.kind}/{.metadata.name} `+when+`{"\n"}{end}`)
	if err != nil {
		t.Fatal(err)
	}
	nsWhen, err := cp.Kubectl("get", "namespace", ns, "-o", "jsonpath="+when)
	if err != nil {
		t.Fatal(err)
	}
	out += "\nNamespace/" + ns + " " + nsWhen
	v := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if obj, at, ok := strings.Cut(line, " "); ok && at != "" {
			v[obj] = at
		}
	}
	if len(v) < 10 {
		t.Fatalf("only %d objects applied by kubectl in %s:\n%s", len(v), ns, out)
	}
	return v
}

func getJSON(t *testing.T, cp *kube.ControlPlane, into any, args ...string) {
	t.Helper()
	out, err := cp.Kubectl(append(args, "-o", "json")...)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(out), into); err != nil {
		t.Fatalf("kubectl %s: %v", strings.Join(args, " "), err)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
