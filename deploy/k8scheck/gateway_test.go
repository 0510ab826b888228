// The public edge: the gateway (Caddy, base/gateway.yaml) in front of the
// REST services, and the client address user-api believes behind it.
package k8scheck

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/zsuite/deploy/internal/suite"
	"github.com/zsuite/deploy/internal/testcert"
	"github.com/zsuite/testkit/gate"
)

// podRange is the pod network of make kube-up's cluster (and kind's), which
// the dev overlay trusts; podIP (podspec_test.go) is an address in it.
const podRange = "10.244.0.0/16"

// caddyConfig is the gateway's config (Caddy's JSON) as its pods read it:
// the file the container's --config names, in the ConfigMap mounted there.
// Decoded loosely: the checks walk it.
func caddyConfig(t *testing.T, b *Build, spec corev1.PodSpec) (map[string]any, string) {
	t.Helper()
	c := spec.Containers[0]
	i := slices.Index(c.Args, "--config")
	if i < 0 || i+1 >= len(c.Args) {
		t.Fatalf("the gateway runs %v, without --config", c.Args)
	}
	file := c.Args[i+1]
	for _, m := range c.VolumeMounts {
		if m.MountPath != filepath.Dir(file) {
			continue
		}
		for _, v := range spec.Volumes {
			if v.Name != m.Name || v.ConfigMap == nil {
				continue
			}
			cm, ok := b.configMap(v.ConfigMap.Name)
			if !ok {
				t.Fatalf("the gateway mounts ConfigMap %s, which is not in the build", v.ConfigMap.Name)
			}
			text := cm.Data[filepath.Base(file)]
			var cfg map[string]any
			if err := json.Unmarshal([]byte(text), &cfg); err != nil {
				t.Fatalf("%s in %s: %v", filepath.Base(file), v.ConfigMap.Name, err)
			}
			return cfg, text
		}
	}
	t.Fatalf("the gateway's config %s is in no ConfigMap it mounts", file)
	return nil, ""
}

// walk calls f on every JSON object in v, with the key path to it.
func walk(v any, path string, f func(path string, obj map[string]any)) {
	switch x := v.(type) {
	case map[string]any:
		f(path, x)
		for k, c := range x {
			walk(c, path+"."+k, f)
		}
	case []any:
		for i, c := range x {
			walk(c, path+"["+strconv.Itoa(i)+"]", f)
		}
	}
}

// server is one of Caddy's HTTP servers.
type server struct {
	Listen         []string          `json:"listen"`
	Routes         []json.RawMessage `json:"routes"`
	TLSConnections []json.RawMessage `json:"tls_connection_policies"`
}

func servers(t *testing.T, cfg map[string]any) map[string]server {
	t.Helper()
	raw, _ := json.Marshal(cfg["apps"].(map[string]any)["http"].(map[string]any)["servers"])
	var out map[string]server
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// The gateway sends every request it proxies to a REST service's HTTP port,
// through that service's Service; it trusts no proxy in front of it, so it
// replaces any X-Forwarded-For a client sends with the address it sees; it
// is reachable through a Service that keeps the client's address; prod
// serves HTTPS with the certificate of zsuite-tls and redirects HTTP to it.
// The retired ingress-nginx is named nowhere.
func TestGateway(t *testing.T) {
	svcs := services(t)
	for _, dir := range overlays(t) {
		b := build(t, dir)
		prod := filepath.Base(dir) == "prod"
		t.Run(filepath.Base(dir), func(t *testing.T) {
			for _, ing := range b.Ingresses {
				if c := ing.Spec.IngressClassName; c != nil && strings.Contains(*c, "nginx") {
					t.Errorf("Ingress %s has class %q: the community ingress-nginx is past its end of maintenance", ing.Name, *c)
				}
				if c := ing.Annotations["kubernetes.io/ingress.class"]; strings.Contains(c, "nginx") {
					t.Errorf("Ingress %s has class %q: the community ingress-nginx is past its end of maintenance", ing.Name, c)
				}
				for k := range ing.Annotations {
					if strings.HasPrefix(k, "nginx.ingress.kubernetes.io/") {
						t.Errorf("Ingress %s: annotation %s of ingress-nginx", ing.Name, k)
					}
				}
			}
			gw := deployment(t, b, gatewayName)
			c := gw.Spec.Template.Spec.Containers[0]
			cfg, _ := caddyConfig(t, b, gw.Spec.Template.Spec)

			// Caddy's admin API would let anyone in the pod reconfigure it.
			if admin, _ := cfg["admin"].(map[string]any); admin["disabled"] != true {
				t.Error("the gateway's admin API is on")
			}
			// Only the client's own address: no proxy in front is trusted,
			// and no header names the client.
			walk(cfg, "", func(path string, obj map[string]any) {
				for _, k := range []string{"trusted_proxies", "client_ip_headers", "trusted_proxies_strict"} {
					if _, ok := obj[k]; ok {
						t.Errorf("gateway config %s.%s: the gateway must take the client's address from the connection and replace any X-Forwarded-For", path, k)
					}
				}
				if obj["handler"] != "reverse_proxy" {
					return
				}
				// headers_up/headers_down could set X-Forwarded-For from a request header.
				if h, ok := obj["headers"]; ok {
					raw, _ := json.Marshal(h)
					if strings.Contains(strings.ToLower(string(raw)), "forwarded") {
						t.Errorf("gateway config %s rewrites forwarding headers: %s", path, raw)
					}
				}
				ups, _ := obj["upstreams"].([]any)
				if len(ups) == 0 {
					t.Errorf("gateway config %s: a reverse_proxy without upstreams", path)
				}
				for _, u := range ups {
					dial, _ := u.(map[string]any)["dial"].(string)
					checkUpstream(t, b, svcs, dial)
				}
			})

			// The servers listen on ports the container declares, and the
			// Service reaches each public one.
			ports := map[int32]bool{}
			var https, plain []server
			for name, s := range servers(t, cfg) {
				for _, l := range s.Listen {
					_, p, err := net.SplitHostPort(l)
					n, _ := strconv.ParseUint(p, 10, 16)
					if err != nil || n == 0 {
						t.Errorf("server %s listens on %q", name, l)
						continue
					}
					if !declared(c, int32(n)) {
						t.Errorf("server %s listens on %d, which the gateway's container does not declare", name, n)
					}
					ports[int32(n)] = true
				}
				if len(s.TLSConnections) > 0 {
					https = append(https, s)
				} else if !slices.Contains(s.Listen, fmt.Sprintf(":%d", gatewayProbe)) {
					plain = append(plain, s)
				}
			}
			checkGatewayService(t, b, c, ports)

			if prod {
				if len(https) == 0 {
					t.Error("prod: the gateway serves no HTTPS")
				}
				checkCertificate(t, b, cfg, gw.Spec.Template.Spec)
				for _, s := range plain {
					raw, _ := json.Marshal(s.Routes)
					if strings.Contains(string(raw), "reverse_proxy") || !strings.Contains(string(raw), `"status_code":308`) ||
						!strings.Contains(string(raw), "https://{http.request.host}{http.request.uri}") {
						t.Errorf("prod: plain HTTP on %v does more than redirect to HTTPS (308): %s", s.Listen, raw)
					}
				}
			}
			// Every proxying route names its host.
			for _, s := range append(https, plain...) {
				for _, r := range s.Routes {
					raw := string(r)
					if strings.Contains(raw, "reverse_proxy") && !strings.Contains(raw, `"host":[`) {
						t.Errorf("a route on %v proxies without a host match: %s", s.Listen, raw)
					}
				}
			}
		})
	}
}

func declared(c corev1.Container, n int32) bool {
	for _, p := range c.Ports {
		if p.ContainerPort == n {
			return true
		}
	}
	return false
}

// checkUpstream: dial is "service:port", a Service of the build that selects
// a REST service's pods, on the port that reaches its HTTP port.
func checkUpstream(t *testing.T, b *Build, svcs []suite.Service, dial string) {
	t.Helper()
	host, port, err := net.SplitHostPort(dial)
	if err != nil {
		t.Errorf("gateway upstream %q: %v", dial, err)
		return
	}
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

// checkCertificate: the certificate Caddy loads is the Secret zsuite-tls,
// mounted where the config reads it.
func checkCertificate(t *testing.T, b *Build, cfg map[string]any, spec corev1.PodSpec) {
	t.Helper()
	raw, _ := json.Marshal(cfg["apps"].(map[string]any)["tls"])
	var tlsApp struct {
		Certificates struct {
			LoadFiles []struct{ Certificate, Key string } `json:"load_files"`
		} `json:"certificates"`
	}
	if err := json.Unmarshal(raw, &tlsApp); err != nil || len(tlsApp.Certificates.LoadFiles) == 0 {
		t.Errorf("prod: the gateway loads no certificate (%v)", err)
		return
	}
	mounts := map[string]string{} // mount path -> Secret
	for _, m := range spec.Containers[0].VolumeMounts {
		for _, v := range spec.Volumes {
			if v.Name == m.Name && v.Secret != nil {
				mounts[m.MountPath] = v.Secret.SecretName
			}
		}
	}
	for _, f := range tlsApp.Certificates.LoadFiles {
		for _, file := range []string{f.Certificate, f.Key} {
			if mounts[filepath.Dir(file)] != "zsuite-tls" {
				t.Errorf("prod: the gateway reads %s, which is not in the Secret zsuite-tls", file)
			}
		}
	}
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

// Each overlay's gateway config is one Caddy loads: the pinned Caddy
// (deploy/tools/caddy, the binary make gateway-image puts in the image)
// validates it, provisioning every module as at start, with the
// certificate files it names in place (a throwaway certificate).
func TestGatewayConfigLoads(t *testing.T) {
	gate.Integration(t) // builds the pinned Caddy
	out, err := exec.Command(filepath.Join(root(t), "deploy", "gateway", "build.sh"), "binary").CombinedOutput()
	if err != nil {
		t.Fatalf("deploy/gateway/build.sh binary: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	caddy := lines[len(lines)-1]
	for _, dir := range overlays(t) {
		b := build(t, dir)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			tmp := t.TempDir()
			_, text := caddyConfig(t, b, deployment(t, b, gatewayName).Spec.Template.Spec)
			// The files the pod would have mounted: the certificate, in a directory of the test's.
			for _, f := range []string{"tls.crt", "tls.key"} {
				text = strings.ReplaceAll(text, "/etc/caddy/tls/"+f, filepath.Join(tmp, f))
			}
			testcert.Write(t, tmp)
			file := filepath.Join(tmp, "caddy.json")
			if err := os.WriteFile(file, []byte(text), 0o600); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(caddy, "validate", "--config", file)
			cmd.Env = append(os.Environ(), "XDG_DATA_HOME="+filepath.Join(tmp, "data"), "XDG_CONFIG_HOME="+filepath.Join(tmp, "config"))
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("caddy validate: %v\n%s", err, out)
			}
		})
	}
}

// freePort is a loopback port nothing listens on.
func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// The gateway as each overlay configures it, run: the pinned Caddy with the
// overlay's config (its listen addresses and user-api moved to loopback),
// in front of a backend that answers with what it received. A client's own
// X-Forwarded-For is replaced with the client's address, the only thing
// user-api believes (TRUSTED_PROXIES); another host gets 404; prod
// redirects HTTP to HTTPS and serves HTTPS with HSTS.
func TestGatewayServes(t *testing.T) {
	gate.Integration(t) // runs the pinned Caddy
	out, err := exec.Command(filepath.Join(root(t), "deploy", "gateway", "build.sh"), "binary").CombinedOutput()
	if err != nil {
		t.Fatalf("deploy/gateway/build.sh binary: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	caddy := lines[len(lines)-1]

	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "xff=%s proto=%s host=%s", //nolint:gosec // a stand-in backend answering the test's own client
			strings.Join(r.Header.Values("X-Forwarded-For"), "|"), r.Header.Get("X-Forwarded-Proto"), r.Host)
	}))
	defer backend.Close()

	for _, dir := range overlays(t) {
		b := build(t, dir)
		prod := filepath.Base(dir) == "prod"
		t.Run(filepath.Base(dir), func(t *testing.T) {
			tmp := t.TempDir()
			_, text := caddyConfig(t, b, deployment(t, b, gatewayName).Spec.Template.Spec)
			httpAddr, httpsAddr, probeAddr := freePort(t), freePort(t), freePort(t)
			for from, to := range map[string]string{
				`":8080"`: `"` + httpAddr + `"`, `":8443"`: `"` + httpsAddr + `"`, fmt.Sprintf(`":%d"`, gatewayProbe): `"` + probeAddr + `"`,
				`"user-api:8888"`:        `"` + strings.TrimPrefix(backend.URL, "http://") + `"`,
				"/etc/caddy/tls/tls.crt": filepath.Join(tmp, "tls.crt"), "/etc/caddy/tls/tls.key": filepath.Join(tmp, "tls.key"),
			} {
				text = strings.ReplaceAll(text, from, to)
			}
			testcert.Write(t, tmp)
			file := filepath.Join(tmp, "caddy.json")
			if err := os.WriteFile(file, []byte(text), 0o600); err != nil {
				t.Fatal(err)
			}
			var logs bytes.Buffer
			cmd := exec.Command(caddy, "run", "--config", file)
			cmd.Env = append(os.Environ(), "XDG_DATA_HOME="+filepath.Join(tmp, "data"), "XDG_CONFIG_HOME="+filepath.Join(tmp, "config"))
			cmd.Stdout, cmd.Stderr = &logs, &logs
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer func() {
				_ = cmd.Process.Signal(os.Interrupt)
				_ = cmd.Wait()
				if t.Failed() {
					t.Logf("caddy:\n%s", logs.String())
				}
			}()

			// A client on 127.0.0.2, which writes another address into X-Forwarded-For.
			dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP("127.0.0.2")}}
			client := &http.Client{
				Transport: &http.Transport{DialContext: dialer.DialContext, DisableKeepAlives: true,
					TLSClientConfig: &tls.Config{InsecureSkipVerify: true, ServerName: "api.zsuite.example.com"}}, //nolint:gosec // the test's own throwaway certificate
				CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
			}
			get := func(url, host string) (int, http.Header, string) {
				t.Helper()
				req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
				req.Host = host
				req.Header.Set("X-Forwarded-For", "203.0.113.66")
				resp, err := client.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				body, _ := io.ReadAll(resp.Body)
				return resp.StatusCode, resp.Header, string(body)
			}
			deadline := time.Now().Add(20 * time.Second)
			for {
				resp, err := http.Get("http://" + probeAddr + "/healthz")
				if err == nil {
					_ = resp.Body.Close()
					if resp.StatusCode == http.StatusOK {
						break
					}
				}
				if time.Now().After(deadline) {
					t.Fatalf("caddy's /healthz did not answer in 20 s: %v", err)
				}
				time.Sleep(100 * time.Millisecond)
			}

			host, public := "zsuite.localhost", "http://"+httpAddr
			if prod {
				host, public = "api.zsuite.example.com", "https://"+httpsAddr
				code, header, _ := get("http://"+httpAddr+"/v1/products?page=2", host)
				if loc := header.Get("Location"); code != http.StatusPermanentRedirect || loc != "https://api.zsuite.example.com/v1/products?page=2" {
					t.Errorf("plain HTTP: %d to %q, want 308 to https://api.zsuite.example.com/v1/products?page=2", code, loc)
				}
			}
			code, header, body := get(public+"/v1/products", host)
			if code != http.StatusOK || !strings.HasPrefix(body, "xff=127.0.0.2 ") {
				t.Errorf("through the gateway: %d %q; want user-api to see X-Forwarded-For 127.0.0.2, the client's own address only", code, body)
			}
			if prod {
				if !strings.Contains(body, "proto=https") || header.Get("Strict-Transport-Security") == "" {
					t.Errorf("HTTPS: %q, HSTS %q", body, header.Get("Strict-Transport-Security"))
				}
			}
			if code, _, body := get(public+"/v1/products", "elsewhere.example"); code != http.StatusNotFound {
				t.Errorf("another host: %d %q, want 404", code, body)
			}
		})
	}
}
