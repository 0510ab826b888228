// The public edge: the gateway (Traefik, base/gateway.yaml) serving the
// Gateway API objects of each overlay in front of the REST services, and the
// client address user-api believes behind it.
package k8scheck

import (
	"net"
	"net/netip"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/labels"
	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/zsuite/deploy/internal/suite"
)

// podRange is the pod network of make kube-up's cluster (and kind's), which
// the dev overlay trusts; podIP (podspec_test.go) is an address in it.
const podRange = "10.244.0.0/16"

// traefikController is the GatewayClass controllerName Traefik serves.
const traefikController = "traefik.io/gateway-controller"

var entryPoint = regexp.MustCompile(`^--entryPoints\.([A-Za-z0-9-]+)\.address=:(\d+)$`)

// gatewayArgs is the gateway container's flags, by name (--a.b=c -> a.b: c).
func gatewayArgs(c corev1.Container) map[string]string {
	out := map[string]string{}
	for _, a := range c.Args {
		k, v, _ := strings.Cut(strings.TrimPrefix(a, "--"), "=")
		out[strings.ToLower(k)] = v
	}
	return out
}

// The gateway is Traefik serving this namespace's Gateway API objects; every
// route it serves sends requests to a REST service's HTTP port through that
// service's Service, or redirects to HTTPS; it trusts no proxy in front of
// it, so it replaces any X-Forwarded-For a client sends with the address it
// sees; it is reachable through a Service that keeps the client's address;
// prod serves HTTPS with the certificate of zsuite-tls, sets HSTS and
// redirects HTTP to it. Its API access is read-only but for statuses, and in
// its namespace but for GatewayClasses and Namespaces. The retired
// ingress-nginx is named nowhere.
func TestGateway(t *testing.T) {
	svcs := services(t)
	for _, dir := range overlays(t) {
		b := build(t, dir)
		prod := filepath.Base(dir) == "prod"
		t.Run(filepath.Base(dir), func(t *testing.T) {
			for _, ing := range b.Ingresses {
				t.Errorf("Ingress %s: the edge is the Gateway API (base/gateway.yaml); the community ingress-nginx is past its end of maintenance", ing.Name)
			}
			gw := deployment(t, b, gatewayName)
			spec := gw.Spec.Template.Spec
			c := spec.Containers[0]
			checkLockedDown(t, gatewayName, spec)
			args := gatewayArgs(c)
			for k, want := range map[string]string{
				"providers.kubernetesgateway":                            "true",
				"providers.kubernetesgateway.namespaces":                 "$(POD_NAMESPACE)",
				"global.checknewversion":                                 "false",
				"global.sendanonymoususage":                              "false",
				"accesslog.fields.headers.defaultmode":                   "drop",
				"providers.kubernetesgateway.statusaddress.service.name": gatewayName,
			} {
				if args[k] != want {
					t.Errorf("the gateway runs with --%s=%q, want %q", k, args[k], want)
				}
			}
			var podNS bool
			for _, e := range c.Env {
				podNS = podNS || e.Name == "POD_NAMESPACE" && e.ValueFrom != nil && e.ValueFrom.FieldRef != nil && e.ValueFrom.FieldRef.FieldPath == "metadata.namespace"
			}
			if !podNS {
				t.Error("the gateway has no POD_NAMESPACE from metadata.namespace: it would watch every namespace")
			}
			// Only the client's own address: no proxy in front is trusted, no
			// PROXY protocol, no dashboard or API, no other provider.
			for k, v := range args {
				switch {
				case strings.Contains(k, "forwardedheaders.trustedips"), strings.Contains(k, "proxyprotocol"),
					strings.Contains(k, "forwardedheaders.insecure") && v != "false":
					t.Errorf("--%s=%s: the gateway must take the client's address from the connection and replace any X-Forwarded-For", k, v)
				case k == "api" || strings.HasPrefix(k, "api."):
					t.Errorf("--%s: Traefik's API and dashboard are off at the edge", k)
				case strings.HasPrefix(k, "providers.") && !strings.HasPrefix(k, "providers.kubernetesgateway") && k != "providers.providersthrottleduration":
					t.Errorf("--%s: the gateway's one provider is the Gateway API", k)
				}
			}
			ports := map[int32]string{} // entry point port -> name
			for _, a := range c.Args {
				if m := entryPoint.FindStringSubmatch(a); m != nil {
					n, _ := strconv.ParseUint(m[2], 10, 16)
					ports[int32(n)] = m[1]
				}
			}

			// The class is Traefik's; the Gateway uses it.
			classes := map[string]bool{}
			for _, gc := range b.Classes {
				if gc.Spec.ControllerName != traefikController {
					t.Errorf("GatewayClass %s is %s's, not Traefik's", gc.Name, gc.Spec.ControllerName)
				}
				classes[gc.Name] = true
			}
			if len(b.Gateways) != 1 {
				t.Fatalf("%d Gateways, want one", len(b.Gateways))
			}
			g := b.Gateways[0]
			if !classes[string(g.Spec.GatewayClassName)] {
				t.Errorf("Gateway %s: class %s is not in the overlay", g.Name, g.Spec.GatewayClassName)
			}
			listeners := map[string]gatewayv1.Listener{}
			listening := map[int32]bool{}
			for _, l := range g.Spec.Listeners {
				listeners[string(l.Name)] = l
				if _, ok := ports[int32(l.Port)]; !ok {
					t.Errorf("listener %s on %d: the gateway has no entry point on that port", l.Name, l.Port)
				}
				if !declared(c, int32(l.Port)) {
					t.Errorf("listener %s on %d, which the gateway's container does not declare", l.Name, l.Port)
				}
				listening[int32(l.Port)] = true
				if l.Hostname == nil || *l.Hostname == "" || strings.Contains(string(*l.Hostname), "*") {
					t.Errorf("listener %s serves any host: name the API's", l.Name)
				}
				if l.AllowedRoutes == nil || l.AllowedRoutes.Namespaces == nil || l.AllowedRoutes.Namespaces.From == nil ||
					*l.AllowedRoutes.Namespaces.From != gatewayv1.NamespacesFromSame {
					t.Errorf("listener %s admits routes from other namespaces", l.Name)
				}
				switch l.Protocol {
				case gatewayv1.HTTPSProtocolType:
					if l.TLS == nil || l.TLS.Mode == nil || *l.TLS.Mode != gatewayv1.TLSModeTerminate ||
						len(l.TLS.CertificateRefs) != 1 || string(l.TLS.CertificateRefs[0].Name) != "zsuite-tls" {
						t.Errorf("listener %s: HTTPS must terminate TLS with the Secret zsuite-tls", l.Name)
					}
				case gatewayv1.HTTPProtocolType:
				default:
					t.Errorf("listener %s: protocol %s", l.Name, l.Protocol)
				}
			}
			checkGatewayService(t, b, c, listening)

			// Routes: to a REST service's HTTP port, on a listener of the
			// Gateway with the same host; in prod plain HTTP only redirects.
			hsts := false
			for _, r := range b.Routes {
				for _, p := range r.Spec.ParentRefs {
					if string(p.Name) != g.Name || p.SectionName == nil {
						t.Errorf("HTTPRoute %s: parent %s (section %v), want a listener of Gateway %s by name", r.Name, p.Name, p.SectionName, g.Name)
						continue
					}
					l, ok := listeners[string(*p.SectionName)]
					if !ok {
						t.Errorf("HTTPRoute %s: no listener %s", r.Name, *p.SectionName)
						continue
					}
					if len(r.Spec.Hostnames) == 0 {
						t.Errorf("HTTPRoute %s: no hostnames", r.Name)
					}
					for _, h := range r.Spec.Hostnames {
						if l.Hostname == nil || string(h) != string(*l.Hostname) {
							t.Errorf("HTTPRoute %s: host %s on listener %s of host %v", r.Name, h, l.Name, l.Hostname)
						}
					}
					for _, rule := range r.Spec.Rules {
						redirects := false
						for _, f := range rule.Filters {
							switch f.Type {
							case gatewayv1.HTTPRouteFilterRequestRedirect:
								redirects = f.RequestRedirect != nil && f.RequestRedirect.Scheme != nil && *f.RequestRedirect.Scheme == "https"
							case gatewayv1.HTTPRouteFilterResponseHeaderModifier:
								for _, h := range f.ResponseHeaderModifier.Set {
									if strings.EqualFold(string(h.Name), "Strict-Transport-Security") && strings.Contains(h.Value, "max-age=31536000") {
										hsts = hsts || l.Protocol == gatewayv1.HTTPSProtocolType
									}
								}
							case gatewayv1.HTTPRouteFilterRequestHeaderModifier:
								t.Errorf("HTTPRoute %s rewrites request headers (X-Forwarded-For would be the client's to choose)", r.Name)
							}
						}
						if prod && l.Protocol == gatewayv1.HTTPProtocolType && (!redirects || len(rule.BackendRefs) > 0) {
							t.Errorf("prod: HTTPRoute %s on plain HTTP does more than redirect to HTTPS", r.Name)
						}
						if !redirects && len(rule.BackendRefs) == 0 {
							t.Errorf("HTTPRoute %s: a rule with neither a backend nor a redirect", r.Name)
						}
						for _, ref := range rule.BackendRefs {
							if (ref.Kind != nil && *ref.Kind != "Service") || ref.Namespace != nil || ref.Port == nil {
								t.Errorf("HTTPRoute %s: backend %s must be a Service of the namespace, with its port", r.Name, ref.Name)
								continue
							}
							checkUpstream(t, b, svcs, string(ref.Name), strconv.Itoa(int(*ref.Port)))
						}
					}
				}
			}
			if prod {
				if _, ok := listeners["https"]; !ok || listeners["https"].Protocol != gatewayv1.HTTPSProtocolType {
					t.Error("prod: the gateway serves no HTTPS")
				}
				if !hsts {
					t.Error("prod: HTTPS answers without Strict-Transport-Security")
				}
			}
			checkGatewayAccess(t, b)
			checkAPIServerEgress(t, b)
		})
	}
}

// checkGatewayAccess: the gateway's service account reads what Traefik's
// Gateway API provider watches, writes statuses and nothing else, in its
// namespace; cluster-wide it reads GatewayClasses and Namespaces and writes a
// GatewayClass's status. No other account is bound to anything.
func checkGatewayAccess(t *testing.T, b *Build) {
	t.Helper()
	read := []string{"get", "list", "watch"}
	check := func(kind, name string, rules []rbacv1.PolicyRule, allowed map[string]bool) {
		for _, r := range rules {
			for _, res := range r.Resources {
				for _, v := range r.Verbs {
					status := strings.HasSuffix(res, "/status") && (v == "update" || v == "patch")
					if !allowed[res] || !slices.Contains(read, v) && !status {
						t.Errorf("%s %s: %s %s: more than the gateway needs", kind, name, v, res)
					}
				}
			}
		}
	}
	for _, r := range b.Roles {
		check("Role", r.Name, r.Rules, map[string]bool{
			"services": true, "configmaps": true, "secrets": true, "endpointslices": true,
			"gateways": true, "httproutes": true, "grpcroutes": true, "referencegrants": true, "backendtlspolicies": true,
			"gateways/status": true, "httproutes/status": true, "grpcroutes/status": true, "backendtlspolicies/status": true,
		})
	}
	for _, r := range b.CRoles {
		check("ClusterRole", r.Name, r.Rules, map[string]bool{"namespaces": true, "gatewayclasses": true, "gatewayclasses/status": true})
	}
	subjects := func(kind, name string, ss []rbacv1.Subject) {
		for _, s := range ss {
			if s.Kind != rbacv1.ServiceAccountKind || s.Name != gatewayName || (s.Namespace != "" && s.Namespace != b.Namespace) {
				t.Errorf("%s %s binds %s %s/%s: only the gateway's account has API access", kind, name, s.Kind, s.Namespace, s.Name)
			}
		}
	}
	for _, rb := range b.Bindings {
		subjects("RoleBinding", rb.Name, rb.Subjects)
	}
	for _, rb := range b.CBindings {
		subjects("ClusterRoleBinding", rb.Name, rb.Subjects)
	}
	if len(b.Bindings) == 0 || len(b.CBindings) == 0 {
		t.Error("the gateway's account is bound to no Role or no ClusterRole: Traefik cannot watch its Gateway")
	}
}

// checkAPIServerEgress: the gateway's egress admits the API server on the
// ports clusters serve it on (443 behind the kubernetes Service; 6443 where
// kube-proxy sends that, as kubeadm, kind and make kube-up run it), since
// policies are applied after the Service's address is translated.
func checkAPIServerEgress(t *testing.T, b *Build) {
	t.Helper()
	for _, p := range b.Policies {
		if !selects(&p.Spec.PodSelector, map[string]string{"app.kubernetes.io/name": gatewayName}) {
			continue
		}
		for _, e := range p.Spec.Egress {
			if len(e.To) > 0 {
				continue
			}
			var got []int32
			for _, pp := range e.Ports {
				if pp.Port != nil {
					got = append(got, pp.Port.IntVal)
				}
			}
			slices.Sort(got)
			if slices.Equal(got, []int32{443, 6443}) {
				return
			}
			t.Errorf("the gateway's egress to any address is on %v: want the API server's ports 443 and 6443 only", got)
		}
	}
	t.Error("the gateway's policies do not let it reach the API server (443, 6443)")
}

func declared(c corev1.Container, n int32) bool {
	for _, p := range c.Ports {
		if p.ContainerPort == n {
			return true
		}
	}
	return false
}

// checkUpstream: host:port is a Service of the build that selects a REST
// service's pods, on the port that reaches its HTTP port.
func checkUpstream(t *testing.T, b *Build, svcs []suite.Service, host, port string) {
	t.Helper()
	dial := net.JoinHostPort(host, port)
	svc, ok := suite.Find(svcs, host)
	if !ok || svc.Kind != suite.REST {
		t.Errorf("the gateway sends requests to %s, not a REST service", dial)
		return
	}
	d := deployment(t, b, svc.Name)
	for _, s := range b.Services {
		if s.Name != host {
			continue
		}
		if !labels.SelectorFromSet(s.Spec.Selector).Matches(labels.Set(d.Spec.Template.Labels)) {
			t.Errorf("Service %s does not select %s's pods", s.Name, svc.Name)
		}
		for _, sp := range s.Spec.Ports {
			if strconv.Itoa(int(sp.Port)) != port {
				continue
			}
			if n, err := portNumber(d.Spec.Template.Spec.Containers[0], sp.TargetPort); err != nil || int(n) != svc.Ports.Serve {
				t.Errorf("the gateway reaches %s on %d, not its HTTP port %d", svc.Name, n, svc.Ports.Serve)
			}
			return
		}
		t.Errorf("the gateway dials %s: Service %s has no port %s", dial, s.Name, port)
		return
	}
	t.Errorf("the gateway dials %s: no such Service", dial)
}

// checkGatewayService: the Service exposes the public ports the gateway
// listens on, and keeps the client's address (a node that forwarded to a
// gateway pod on another node would put its own in its place).
func checkGatewayService(t *testing.T, b *Build, c corev1.Container, listening map[int32]bool) {
	t.Helper()
	for _, s := range b.Services {
		if s.Name != gatewayName {
			continue
		}
		if s.Spec.Type != corev1.ServiceTypeNodePort && s.Spec.Type != corev1.ServiceTypeLoadBalancer {
			t.Errorf("Service gateway is %q: reachable from outside the cluster only as NodePort or LoadBalancer", s.Spec.Type)
		}
		if s.Spec.ExternalTrafficPolicy != corev1.ServiceExternalTrafficPolicyLocal {
			t.Errorf("Service gateway: externalTrafficPolicy %q, want Local: Cluster replaces the client's address with a node's", s.Spec.ExternalTrafficPolicy)
		}
		reached := map[int32]bool{}
		for _, sp := range s.Spec.Ports {
			n, err := portNumber(c, sp.TargetPort)
			if err != nil || !listening[n] {
				t.Errorf("Service gateway port %d goes to %v, where the gateway does not listen", sp.Port, sp.TargetPort)
			}
			reached[n] = true
		}
		for _, p := range gatewayPublic {
			if listening[p] && !reached[p] {
				t.Errorf("the gateway listens on %d, which its Service does not expose", p)
			}
		}
		return
	}
	t.Error("no Service gateway")
}

// TRUSTED_PROXIES is set in every overlay, to the pod range, where the
// gateway's pods get their addresses, and nothing else: only the gateway's
// pods may reach user-api's HTTP port, and the gateway names the client by
// the connection (TestGateway). So the client address user-api limits and
// logs is the one the gateway saw.
func TestTrustedProxies(t *testing.T) {
	svcs := services(t)
	for _, dir := range overlays(t) {
		b := build(t, dir)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			all := pods(b)
			var gw Pod
			for _, p := range all {
				if p.Name == gatewayName {
					gw = p
				}
			}
			for _, svc := range svcs {
				if svc.Kind != suite.REST {
					continue
				}
				env := b.env(t, deployment(t, b, svc.Name).Spec.Template.Spec.Containers[0])
				v := strings.TrimSpace(env["TRUSTED_PROXIES"])
				if v == "" {
					t.Errorf("%s: TRUSTED_PROXIES is not set: behind the gateway every client would be the gateway's address, and share one bucket", svc.Name)
					continue
				}
				var prefixes []netip.Prefix
				for _, c := range strings.Split(v, ",") {
					p, err := netip.ParsePrefix(strings.TrimSpace(c))
					if err != nil {
						t.Errorf("%s: TRUSTED_PROXIES entry %q: %v", svc.Name, c, err)
						continue
					}
					if !p.Addr().IsPrivate() || p.Bits() < 8 {
						t.Errorf("%s: TRUSTED_PROXIES entry %s is not a pod range (private, /8 or narrower)", svc.Name, p)
					}
					prefixes = append(prefixes, p)
				}
				if filepath.Base(dir) == "dev" && (len(prefixes) != 1 || prefixes[0].String() != podRange) {
					t.Errorf("dev: TRUSTED_PROXIES=%s, want the pod range of make kube-up's cluster, %s", v, podRange)
				}
				if len(prefixes) != 1 {
					t.Errorf("%s: TRUSTED_PROXIES=%s: want exactly the pod range the gateway's pods are in", svc.Name, v)
				}
				if _, err := svc.Resolve(svc.Config, env); err != nil {
					t.Error(err)
				}
				// Nothing but the gateway reaches the port whose X-Forwarded-For is believed.
				self := Pod{}
				for _, p := range all {
					if p.Name == svc.Name {
						self = p
					}
				}
				if !b.Policies.Allowed(gw, self, int32(svc.Ports.Serve), corev1.ProtocolTCP) {
					t.Errorf("the gateway cannot reach %s:%d", svc.Name, svc.Ports.Serve)
				}
				for _, p := range all {
					if p.Name != gatewayName && p.Name != svc.Name && b.Policies.IngressAllowed(p, self, int32(svc.Ports.Serve), corev1.ProtocolTCP) {
						t.Errorf("%s may reach %s:%d, whose X-Forwarded-For is believed from the pod range", p.Name, svc.Name, svc.Ports.Serve)
					}
				}
			}
		})
	}
}

// Cluster-scoped objects that bind an overlay's own account differ between
// overlays: dev and prod applied to one cluster would otherwise share one
// ClusterRoleBinding, and the second apply would take the first gateway's
// rights away.
func TestClusterBindingsPerOverlay(t *testing.T) {
	owner := map[string]string{}
	for _, dir := range overlays(t) {
		for _, rb := range build(t, dir).CBindings {
			if o, ok := owner[rb.Name]; ok {
				t.Errorf("ClusterRoleBinding %s is in both %s and %s", rb.Name, o, filepath.Base(dir))
			}
			owner[rb.Name] = filepath.Base(dir)
		}
	}
}
