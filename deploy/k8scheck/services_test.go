package k8scheck

import (
	"bytes"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/zsuite/deploy/internal/suite"
)

// Every overlay builds, every object of it decodes strictly, and all of it
// lives in the one namespace the overlay creates, under the restricted Pod
// Security Standard.
func TestOverlaysBuild(t *testing.T) {
	for _, dir := range overlays(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			b := build(t, dir)
			if len(b.Namespaces) != 1 {
				t.Fatalf("%d Namespace objects; want the overlay's own", len(b.Namespaces))
			}
			if l := b.Namespaces[0].Labels["pod-security.kubernetes.io/enforce"]; l != "restricted" {
				t.Errorf("namespace %s enforces Pod Security %q, want restricted", b.Namespace, l)
			}
			// Selecting or pruning by part-of must find every object.
			if len(b.Unlabelled) > 0 {
				t.Errorf("without app.kubernetes.io/part-of: zsuite: %v", b.Unlabelled)
			}
			check := func(kind string, m metav1.ObjectMeta) {
				if m.Namespace != b.Namespace {
					t.Errorf("%s %s is in namespace %q, not %q", kind, m.Name, m.Namespace, b.Namespace)
				}
			}
			for _, o := range b.Deploys {
				check("Deployment", o.ObjectMeta)
			}
			for _, o := range b.Stateful {
				check("StatefulSet", o.ObjectMeta)
			}
			for _, o := range b.Services {
				check("Service", o.ObjectMeta)
			}
			for _, o := range b.Policies {
				check("NetworkPolicy", o.ObjectMeta)
			}
			for _, o := range b.ConfigMaps {
				check("ConfigMap", o.ObjectMeta)
			}
			for _, o := range b.Secrets {
				check("Secret", o.ObjectMeta)
			}
			for _, d := range append(podSpecs(b), podSpecsOf(b.Stateful)...) {
				if errs := validation.IsDNS1123Label(d.name); len(errs) > 0 {
					t.Errorf("%s: %v", d.name, errs)
				}
				for _, c := range d.spec.Containers {
					for _, p := range c.Ports {
						if errs := validation.IsValidPortName(p.Name); p.Name != "" && len(errs) > 0 {
							t.Errorf("%s: port %q: %v", d.name, p.Name, errs)
						}
					}
					if strings.HasSuffix(c.Image, ":latest") || !strings.ContainsAny(c.Image, ":@") {
						t.Errorf("%s: image %q has no fixed tag or digest", d.name, c.Image)
					}
				}
			}
		})
	}
}

type named struct {
	name string
	spec corev1.PodSpec
}

func podSpecs(b *Build) []named {
	var out []named
	for _, d := range b.Deploys {
		out = append(out, named{d.Name, d.Spec.Template.Spec})
	}
	return out
}

func podSpecsOf(ss []appsv1.StatefulSet) []named {
	var out []named
	for _, s := range ss {
		out = append(out, named{s.Name, s.Spec.Template.Spec})
	}
	return out
}

// Each service's Deployment, in every overlay, as its own config reads it.
func TestServiceDeployments(t *testing.T) {
	wait, err := suite.DefaultShutdownWait()
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range overlays(t) {
		b := build(t, dir)
		for _, svc := range services(t) {
			t.Run(filepath.Base(dir)+"/"+svc.Name, func(t *testing.T) {
				checkDeployment(t, b, svc, wait)
			})
		}
	}
}

func checkDeployment(t *testing.T, b *Build, svc suite.Service, wait time.Duration) {
	var d *appsv1.Deployment
	for i := range b.Deploys {
		if b.Deploys[i].Name == svc.Name {
			d = &b.Deploys[i]
		}
	}
	if d == nil {
		t.Fatalf("no Deployment %s", svc.Name)
	}
	spec := d.Spec.Template.Spec
	if len(spec.Containers) != 1 {
		t.Fatalf("%d containers; want the service alone", len(spec.Containers))
	}
	c := spec.Containers[0]
	podLabels := d.Spec.Template.Labels
	if sel, err := metav1.LabelSelectorAsSelector(d.Spec.Selector); err != nil || !sel.Matches(labels.Set(podLabels)) {
		t.Errorf("the Deployment's selector does not select its pods")
	}

	// The config: the repo's etc yaml, from a ConfigMap mounted where -f points.
	if len(c.Args) != 2 || c.Args[0] != "-f" {
		t.Fatalf("args %v: want -f <config file>", c.Args)
	}
	file := c.Args[1]
	var content []byte
	for _, m := range c.VolumeMounts {
		if m.MountPath != path.Dir(file) {
			continue
		}
		for _, v := range spec.Volumes {
			if v.Name == m.Name && v.ConfigMap != nil {
				cm, ok := b.configMap(v.ConfigMap.Name)
				if !ok {
					t.Fatalf("ConfigMap %s is not in the build", v.ConfigMap.Name)
				}
				content = []byte(cm.Data[path.Base(file)])
			}
		}
	}
	if path.Base(file) != svc.ConfigFile || !bytes.Equal(content, svc.Config) {
		t.Fatalf("%s is not %s/etc/%s as the repo has it", file, svc.Name, svc.ConfigFile)
	}

	// The environment: everything the config needs set, and the config as the
	// service would load it.
	env := b.env(t, c)
	for _, err := range svc.CheckEnv(env) {
		t.Error(err)
	}
	v, err := svc.Resolve(content, env)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(b.Dir) == "prod" && v.Mode != "pro" {
		t.Errorf("prod runs in mode %q", v.Mode)
	}
	if v.ServePort() != svc.Ports.Serve || v.DevServer.Port != svc.Ports.Dev || v.Readiness.Port != svc.Ports.Ready {
		t.Errorf("ports serve %d, dev %d, ready %d; deploy/topology says %+v", v.ServePort(), v.DevServer.Port, v.Readiness.Port, svc.Ports)
	}
	if v.ServeHost() != "0.0.0.0" {
		t.Errorf("listens on %q; want 0.0.0.0, or nothing outside the pod reaches it", v.ServeHost())
	}
	serveName := map[suite.Kind]string{suite.REST: "http", suite.RPC: "grpc"}[svc.Kind]
	for name, want := range map[string]int{serveName: v.ServePort(), "dev": v.DevServer.Port, "ready": v.Readiness.Port} {
		if got := namedPort(c, name); int(got) != want {
			t.Errorf("container port %q is %d; the config listens on %d", name, got, want)
		}
	}
	if svc.Kind == suite.RPC {
		// go-zero registers POD_IP:port in etcd when ListenOn is 0.0.0.0.
		ok := false
		for _, e := range c.Env {
			ok = ok || (e.Name == "POD_IP" && e.ValueFrom != nil && e.ValueFrom.FieldRef != nil && e.ValueFrom.FieldRef.FieldPath == "status.podIP")
		}
		if !ok {
			t.Error("no POD_IP from the downward API (status.podIP): the service would register an address of go-zero's guessing")
		}
	}

	// Probes: started (migrations done), alive (DevServer), ready (own dependencies).
	checkHTTPProbe(t, "startup", c, c.StartupProbe, v.DevServer.HealthPath, v.DevServer.Port)
	checkHTTPProbe(t, "liveness", c, c.LivenessProbe, v.DevServer.HealthPath, v.DevServer.Port)
	checkHTTPProbe(t, "readiness", c, c.ReadinessProbe, v.Readiness.Path, v.Readiness.Port)
	if a := d.Spec.Template.Annotations; a["prometheus.io/scrape"] != "true" || a["prometheus.io/port"] != strconv.Itoa(v.DevServer.Port) || a["prometheus.io/path"] != v.DevServer.MetricsPath {
		t.Errorf("prometheus.io annotations %v do not point at the DevServer's %s on %d", a, v.DevServer.MetricsPath, v.DevServer.Port)
	}

	checkResources(t, svc.Name, spec)
	checkLockedDown(t, svc.Name, spec)
	if spec.ServiceAccountName != svc.Name {
		t.Errorf("runs as service account %q; want its own", spec.ServiceAccountName)
	}

	// Stopping: the preStop pause, then go-zero's own shutdown, inside the grace period.
	if c.Lifecycle == nil || c.Lifecycle.PreStop == nil || c.Lifecycle.PreStop.Sleep == nil {
		t.Error("no preStop sleep: the pod would stop serving before it leaves the endpoints")
	} else {
		pause := time.Duration(c.Lifecycle.PreStop.Sleep.Seconds) * time.Second
		need := pause + max(v.ShutdownBudget(), wait) + time.Second
		grace := time.Duration(*spec.TerminationGracePeriodSeconds) * time.Second
		if pause < 2*time.Second || grace < need || grace > need+30*time.Second {
			t.Errorf("preStop %v, grace %v: want a pause of 2s or more and a grace of %v (pause + go-zero's %v + 1s) to %v",
				pause, grace, need, max(v.ShutdownBudget(), wait), need+30*time.Second)
		}
	}

	checkService(t, b, svc, c, podLabels, serveName)
	checkScaling(t, b, d)
}

// checkService checks the Service named after svc selects its pods and
// reaches the port it serves on.
func checkService(t *testing.T, b *Build, svc suite.Service, c corev1.Container, podLabels map[string]string, serveName string) {
	t.Helper()
	for _, s := range b.Services {
		if s.Name != svc.Name {
			continue
		}
		if len(s.Spec.Selector) == 0 || !labels.SelectorFromSet(s.Spec.Selector).Matches(labels.Set(podLabels)) {
			t.Errorf("Service %s does not select the pods", s.Name)
		}
		for _, p := range s.Spec.Ports {
			if n, err := portNumber(c, p.TargetPort); err == nil && int(n) == svc.Ports.Serve {
				return
			}
		}
		t.Errorf("Service %s has no port to %s (%d)", s.Name, serveName, svc.Ports.Serve)
		return
	}
	t.Errorf("no Service %s", svc.Name)
}

// checkScaling checks the HPA and the PDB of a Deployment.
func checkScaling(t *testing.T, b *Build, d *appsv1.Deployment) {
	t.Helper()
	var hpas int
	for _, h := range b.HPAs {
		ref := h.Spec.ScaleTargetRef
		if ref.Kind != "Deployment" || ref.Name != d.Name {
			continue
		}
		hpas++
		if ref.APIVersion != "apps/v1" {
			t.Errorf("HPA %s targets apiVersion %q", h.Name, ref.APIVersion)
		}
		lo := int32(1)
		if h.Spec.MinReplicas != nil {
			lo = *h.Spec.MinReplicas
		}
		if lo < 1 || h.Spec.MaxReplicas < lo || len(h.Spec.Metrics) == 0 {
			t.Errorf("HPA %s: min %d, max %d, %d metrics", h.Name, lo, h.Spec.MaxReplicas, len(h.Spec.Metrics))
		}
		// The HPA owns the count: a replicas field would be set back by every
		// apply (and conflict with the HPA under server-side apply).
		if d.Spec.Replicas != nil {
			t.Errorf("Deployment %s sets replicas (%d) beside its HPA: every apply would undo the HPA's scaling", d.Name, *d.Spec.Replicas)
		}
		if filepath.Base(b.Dir) == "prod" && lo < 2 {
			t.Errorf("prod scales %s down to %d replica", d.Name, lo)
		}
		for _, m := range h.Spec.Metrics {
			if m.Resource == nil {
				continue
			}
			for _, c := range d.Spec.Template.Spec.Containers {
				if _, ok := c.Resources.Requests[m.Resource.Name]; !ok {
					t.Errorf("HPA %s scales on %s, which %s does not request", h.Name, m.Resource.Name, c.Name)
				}
			}
		}
	}
	if hpas != 1 {
		t.Errorf("%d HorizontalPodAutoscalers target %s; want one", hpas, d.Name)
	}

	var pdbs int
	for _, p := range b.PDBs {
		sel, err := metav1.LabelSelectorAsSelector(p.Spec.Selector)
		if err != nil || !sel.Matches(labels.Set(d.Spec.Template.Labels)) {
			continue
		}
		pdbs++
		// A budget must let a drain evict a pod, whatever the replica count.
		if p.Spec.MinAvailable != nil || p.Spec.MaxUnavailable == nil || p.Spec.MaxUnavailable.IntValue() < 1 {
			t.Errorf("PDB %s: want maxUnavailable of 1 or more, which never blocks a drain", p.Name)
		}
		// Pods that are Running but not ready (an outage of what /readyz
		// checks) must not block a drain either.
		if p.Spec.UnhealthyPodEvictionPolicy == nil || *p.Spec.UnhealthyPodEvictionPolicy != policyv1.AlwaysAllow {
			t.Errorf("PDB %s: want unhealthyPodEvictionPolicy AlwaysAllow, or a drain waits for unready pods", p.Name)
		}
	}
	if pdbs != 1 {
		t.Errorf("%d PodDisruptionBudgets select %s; want one", pdbs, d.Name)
	}
}
