package k8scheck

import (
	"fmt"
	"net/netip"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"

	"github.com/zsuite/deploy/internal/suite"
)

// Architecture is who calls whom (docs/architecture.md):
// user-api aggregates all three RPC services; order-rpc drives the saga
// against inventory-rpc. The policies allow these calls and no other; a
// config that calls outside them fails here before the cluster refuses it.
var Architecture = map[string][]string{
	"user-api":  {"user-rpc", "order-rpc", "inventory-rpc"},
	"order-rpc": {"inventory-rpc"},
}

func TestConfigsCallWithinTheArchitecture(t *testing.T) {
	for _, svc := range services(t) {
		for _, callee := range svc.Calls {
			if !slices.Contains(Architecture[svc.Name], callee) {
				t.Errorf("%s's config calls %s, which the architecture (and so the network policies) does not allow", svc.Name, callee)
			}
		}
	}
}

// Pods outside the overlay's namespace that the policies name or must keep out.
func outsiders(ns string) []Pod {
	nsl := func(n string) map[string]string { return map[string]string{"kubernetes.io/metadata.name": n} }
	return []Pod{
		{Name: "kube-dns", Namespace: "kube-system", NamespaceLabels: nsl("kube-system"), Labels: map[string]string{"k8s-app": "kube-dns"},
			Ports: []corev1.ContainerPort{{ContainerPort: 53, Protocol: corev1.ProtocolUDP}, {ContainerPort: 53, Protocol: corev1.ProtocolTCP}}},
		// A retired ingress-nginx controller left in the cluster: it reaches nothing any more.
		{Name: "ingress-controller", Namespace: "ingress-nginx", NamespaceLabels: nsl("ingress-nginx"), Labels: map[string]string{"app.kubernetes.io/name": "ingress-nginx"},
			Ports: []corev1.ContainerPort{{ContainerPort: 443}}},
		{Name: "prometheus", Namespace: "monitoring", NamespaceLabels: nsl("monitoring"), Labels: map[string]string{"app.kubernetes.io/name": "prometheus"},
			Ports: []corev1.ContainerPort{{ContainerPort: 9090}}},
		{Name: "otel-collector", Namespace: "monitoring", NamespaceLabels: nsl("monitoring"), Labels: map[string]string{"app.kubernetes.io/name": "otel-collector"},
			Ports: []corev1.ContainerPort{{ContainerPort: 4317}}},
		// A pod of someone else in the same namespace, and one elsewhere.
		{Name: "stranger", Namespace: ns, NamespaceLabels: nsl(ns), Labels: map[string]string{"app.kubernetes.io/name": "stranger"},
			Ports: []corev1.ContainerPort{{ContainerPort: 8080}}},
		{Name: "elsewhere", Namespace: "default", NamespaceLabels: nsl("default"), Labels: map[string]string{"app.kubernetes.io/name": "user-api"},
			Ports: []corev1.ContainerPort{{ContainerPort: 8888}}},
	}
}

// pods returns the overlay's pods (one per Deployment and StatefulSet, named
// by app.kubernetes.io/name) and the outsiders.
func pods(b *Build) []Pod {
	nsl := map[string]string{"kubernetes.io/metadata.name": b.Namespace}
	var out []Pod
	add := func(tpl corev1.PodTemplateSpec) {
		var ports []corev1.ContainerPort
		for _, c := range tpl.Spec.Containers {
			ports = append(ports, c.Ports...)
		}
		out = append(out, Pod{Name: tpl.Labels["app.kubernetes.io/name"], Namespace: b.Namespace, NamespaceLabels: nsl, Labels: tpl.Labels, Ports: ports})
	}
	for _, d := range b.Deploys {
		add(d.Spec.Template)
	}
	for _, s := range b.Stateful {
		add(s.Spec.Template)
	}
	return append(out, outsiders(b.Namespace)...)
}

type edge struct {
	from, to string
	port     int32
	protocol corev1.Protocol
}

func (e edge) String() string { return fmt.Sprintf("%s -> %s:%d/%s", e.from, e.to, e.port, e.protocol) }

// The gateway's pods (base/gateway.yaml): the public way in, the only pods
// that may reach a REST service's HTTP port.
const gatewayName = "gateway"

// Its public ports, which anyone may reach: HTTP, and HTTPS where TLS is on.
var gatewayPublic = []int32{8080, 8443}

// gatewayProbe is its port for probes and /metrics.
const gatewayProbe = 9180

// public says whether e reaches the gateway's public ports: anyone may,
// so the gateway's ingress lets everyone in there, and whether a pod gets
// there is up to that pod's own egress.
func public(e edge) bool {
	return e.to == gatewayName && slices.Contains(gatewayPublic, e.port) && e.protocol == corev1.ProtocolTCP
}

// expected returns every connection the suite needs, and so the only ones
// the policies may allow between the overlay's pods and anyone: the calls of
// the architecture, each service to etcd, its own stores and DNS, the
// gateway to the REST services, Prometheus to the DevServers and the
// gateway's metrics, and the services to the trace collector when tracing is
// on. Connections to the gateway's public ports are public() besides.
func expected(b *Build, svcs []suite.Service, tracing bool) map[edge]bool {
	have := map[string]bool{}
	for _, p := range pods(b) {
		have[p.Name] = true
	}
	want := map[edge]bool{}
	tcp := func(from, to string, port int) {
		if have[to] {
			want[edge{from, to, int32(port), corev1.ProtocolTCP}] = true
		}
	}
	for _, svc := range svcs {
		want[edge{svc.Name, "kube-dns", 53, corev1.ProtocolUDP}] = true
		tcp(svc.Name, "kube-dns", 53)
		tcp(svc.Name, "etcd", 2379)
		if svc.Postgres {
			tcp(svc.Name, svc.Name+"-postgres", 5432)
		}
		if svc.Redis {
			tcp(svc.Name, svc.Name+"-redis", 6379)
		}
		for _, callee := range Architecture[svc.Name] {
			c, _ := suite.Find(svcs, callee)
			tcp(svc.Name, callee, c.Ports.Serve)
		}
		// Scraping is allowed from the namespace monitoring, whatever the
		// pod there (installs label Prometheus differently).
		tcp("prometheus", svc.Name, svc.Ports.Dev)
		tcp("otel-collector", svc.Name, svc.Ports.Dev)
		if svc.Kind == suite.REST {
			tcp(gatewayName, svc.Name, svc.Ports.Serve)
		}
		if tracing {
			tcp(svc.Name, "otel-collector", 4317)
		}
	}
	if have[gatewayName] {
		// No DNS: Traefik sends to user-api's pods by address. It reaches
		// the API server, which no selector names: its ports 443 and 6443 on
		// any address (TestGateway checks that rule), so on any pod that
		// listens there too (its own ingress policy decides).
		for _, p := range pods(b) {
			for _, cp := range p.Ports {
				if (cp.ContainerPort == 443 || cp.ContainerPort == 6443) && protocolOf(cp) == corev1.ProtocolTCP {
					tcp(gatewayName, p.Name, int(cp.ContainerPort))
				}
			}
		}
		tcp("prometheus", gatewayName, gatewayProbe)
		tcp("otel-collector", gatewayName, gatewayProbe)
	}
	return want
}

// checkReachability evaluates the policies between every pair of pods, on
// every port the destination has, and compares with expected.
func checkReachability(t *testing.T, b *Build, tracing bool) {
	t.Helper()
	svcs := services(t)
	want := expected(b, svcs, tracing)
	all := pods(b)
	var wrong []string
	for _, from := range all {
		for _, to := range all {
			if from.Name == to.Name || (from.Namespace != b.Namespace && to.Namespace != b.Namespace) {
				continue // the overlay's policies govern neither
			}
			for _, p := range to.Ports {
				e := edge{from.Name, to.Name, p.ContainerPort, protocolOf(p)}
				// Each side on its own too: a loose ingress rule is a hole
				// even while the caller's egress happens to close it.
				// The gateway's public ports let everyone in; of the pods the
				// overlay's policies govern, only those that need it get out there.
				outsider := from.Namespace != b.Namespace
				for _, side := range []struct {
					name    string
					applies bool
					allowed func(Pod, Pod, int32, corev1.Protocol) bool
					want    bool
				}{
					{"allowed", true, b.Policies.Allowed, want[e] || (public(e) && outsider)},
					{"allowed out by the source's egress", !outsider, b.Policies.EgressAllowed, want[e]},
					{"allowed in by the destination's ingress", to.Namespace == b.Namespace, b.Policies.IngressAllowed, want[e] || public(e)},
				} {
					if !side.applies {
						continue
					}
					got := side.allowed(from, to, e.port, e.protocol)
					switch {
					case got && !side.want:
						wrong = append(wrong, side.name+", should not be: "+e.String())
					case !got && side.want:
						wrong = append(wrong, "not "+side.name+", should be: "+e.String())
					}
				}
			}
		}
	}
	sort.Strings(wrong)
	for _, w := range wrong {
		t.Error(w)
	}
}

// In every overlay: a default deny, every pod under policies both ways, and
// exactly the connections the suite needs.
func TestNetworkPolicies(t *testing.T) {
	for _, dir := range overlays(t) {
		b := build(t, dir)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			checkDefaultDeny(t, b)
			checkReachability(t, b, false)
			checkStoresByAddress(t, b)
		})
	}
}

// With the tracing component, the services may also send spans to the
// collector, and they are told where it is.
func TestTracingComponent(t *testing.T) {
	r := root(t)
	b := withComponent(t, filepath.Join(r, "deploy", "k8s", "overlays", "dev"), filepath.Join(r, "deploy", "k8s", "components", "tracing"))
	checkReachability(t, b, true)
	for _, svc := range services(t) {
		env := b.env(t, deployment(t, b, svc.Name).Spec.Template.Spec.Containers[0])
		if !strings.HasSuffix(env["OTEL_EXPORTER_OTLP_ENDPOINT"], ".monitoring.svc:4317") {
			t.Errorf("%s: OTEL_EXPORTER_OTLP_ENDPOINT=%q, want the collector in monitoring on 4317", svc.Name, env["OTEL_EXPORTER_OTLP_ENDPOINT"])
		}
		if _, err := svc.Resolve(svc.Config, env); err != nil {
			t.Error(err)
		}
	}
}

func checkDefaultDeny(t *testing.T, b *Build) {
	t.Helper()
	deny := false
	for _, p := range b.Policies {
		s := p.Spec
		if len(s.PodSelector.MatchLabels) == 0 && len(s.PodSelector.MatchExpressions) == 0 &&
			slices.Contains(s.PolicyTypes, networkingv1.PolicyTypeIngress) && slices.Contains(s.PolicyTypes, networkingv1.PolicyTypeEgress) &&
			len(s.Ingress) == 0 && len(s.Egress) == 0 {
			deny = true
		}
	}
	if !deny {
		t.Error("no default-deny policy (every pod, Ingress and Egress, no rules)")
	}
	// Each service pod is also selected by a policy that allows it something.
	for _, d := range b.Deploys {
		allowIn, allowOut := false, false
		for _, p := range b.Policies {
			if !selects(&p.Spec.PodSelector, d.Spec.Template.Labels) {
				continue
			}
			allowIn = allowIn || len(p.Spec.Ingress) > 0
			allowOut = allowOut || len(p.Spec.Egress) > 0
		}
		if !allowIn || !allowOut {
			t.Errorf("%s: selected by no policy that allows ingress (%v) or egress (%v)", d.Name, allowIn, allowOut)
		}
	}
}

// checkStoresByAddress: where the stores are outside the cluster, each
// service reaches addresses only on the ports of the stores it has: etcd's,
// and those of its own Postgres and Redis; never every port, never everyone.
func checkStoresByAddress(t *testing.T, b *Build) {
	t.Helper()
	for _, svc := range services(t) {
		var self Pod
		for _, p := range pods(b) {
			if p.Name == svc.Name {
				self = p
			}
		}
		allowed := []int32{2379}
		if svc.Postgres {
			allowed = append(allowed, 5432)
		}
		if svc.Redis {
			allowed = append(allowed, 6379)
		}
		got := b.Policies.IPBlockEgress(self)
		if len(b.Stateful) == 0 && len(got) == 0 {
			t.Errorf("%s may reach no address outside the cluster, and this overlay has no stores of its own", svc.Name)
		}
		reached := map[int32]bool{}
		for cidr, ports := range got {
			prefix, err := netip.ParsePrefix(cidr)
			if err != nil || prefix.Bits() < 8 {
				t.Errorf("%s: egress to %s: want a narrow range (the stores' addresses)", svc.Name, cidr)
			}
			for _, port := range ports {
				reached[port] = true
				if !slices.Contains(allowed, port) {
					t.Errorf("%s: egress to %s on port %d (0: every port); its stores listen on %v", svc.Name, cidr, port, allowed)
				}
			}
		}
		if len(b.Stateful) == 0 {
			for _, port := range allowed {
				if !reached[port] {
					t.Errorf("%s may reach no address on %d, which a store of its own listens on", svc.Name, port)
				}
			}
		}
	}
}
