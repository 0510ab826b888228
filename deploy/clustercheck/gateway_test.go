package clustercheck

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"

	"github.com/zsuite/deploy/internal/kube"
	"github.com/zsuite/deploy/internal/suite"
)

// hosts is the host each overlay's Gateway serves.
var hosts = map[string]string{"dev": "zsuite.localhost", "prod": "api.zsuite.example.com"}

var entryPointAddress = regexp.MustCompile(`^(--entryPoints\.[A-Za-z0-9-]+\.address=):(\d+)$`)

// checkGatewayServes runs the pinned Traefik (deploy/gateway/build.sh binary,
// what make gateway-image puts in the image) on this machine with the
// gateway Deployment's own arguments, as the gateway's ServiceAccount (a
// token of it: its Role and ClusterRole are all it has), against the control
// plane that holds the overlay. user-api's pods are a stand-in backend on
// this machine, which an EndpointSlice of user-api's Service names. Then:
//
//   - Traefik accepts the GatewayClass and programs the Gateway, and the
//     route is accepted with its backend resolved (statuses it writes with
//     its account);
//   - a request for the overlay's host reaches user-api's port with
//     X-Forwarded-For set to the address the gateway saw, whatever the
//     client sent in it; another host is 404 without reaching it;
//   - prod: HTTPS with the certificate of zsuite-tls and HSTS; plain HTTP is
//     a 301 to the same URL over HTTPS, without reaching user-api.
func checkGatewayServes(t *testing.T, cp *kube.ControlPlane, o overlay, certs string) {
	root, err := suite.Root()
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(filepath.Join(root, "deploy", "gateway", "build.sh"), "binary").CombinedOutput()
	if err != nil {
		t.Fatalf("building the pinned Traefik (deploy/gateway/build.sh binary): %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	traefik := lines[len(lines)-1]
	kubectl := func(args ...string) string { t.Helper(); return cp.MustKubectl(t, args...) }
	ns, host := o.namespace, hosts[o.name]

	// The stand-in for user-api: it answers with the X-Forwarded-For it got.
	var mu sync.Mutex
	var seen []string
	backend := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Host+" "+r.URL.Path)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"xff": r.Header.Values("X-Forwarded-For"), "host": r.Host})
	}))
	addr := hostAddress(t)
	l, err := net.Listen("tcp", net.JoinHostPort(addr, "0"))
	if err != nil {
		t.Fatal(err)
	}
	backend.Listener = l
	backend.Start()
	defer backend.Close()
	port := l.Addr().(*net.TCPAddr).Port

	// user-api's Service port, by name: Traefik matches the EndpointSlice's.
	portName := strings.TrimSpace(kubectl("-n", ns, "get", "service", "user-api", "-o", "jsonpath={.spec.ports[0].name}"))
	slice := fmt.Sprintf(`apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: user-api-standin
  labels:
    kubernetes.io/service-name: user-api
    endpointslice.kubernetes.io/managed-by: clustercheck.zsuite
addressType: IPv4
endpoints:
  - addresses: [%q]
    conditions: {ready: true}
ports:
  - name: %q
    port: %d
    protocol: TCP
`, addr, portName, port)
	if out, err := cp.KubectlIn(slice, "-n", ns, "apply", "-f", "-"); err != nil {
		t.Fatalf("the stand-in EndpointSlice: %v\n%s", err, out)
	}
	defer func() {
		_, _ = cp.Kubectl("-n", ns, "delete", "endpointslice", "user-api-standin", "--ignore-not-found")
	}()

	// The gateway's arguments, as its Deployment has them, on loopback.
	var d appsv1.Deployment
	getJSON(t, cp, &d, "-n", ns, "get", "deployment", "gateway")
	var args []string
	for _, a := range d.Spec.Template.Spec.Containers[0].Args {
		a = strings.ReplaceAll(a, "$(POD_NAMESPACE)", ns)
		if m := entryPointAddress.FindStringSubmatch(a); m != nil {
			a = m[1] + "127.0.0.1:" + m[2]
		}
		args = append(args, a)
	}
	token := strings.TrimSpace(kubectl("-n", ns, "create", "token", "gateway", "--duration=10m"))
	args = append(args, "--providers.kubernetesGateway.endpoint="+cp.Server,
		"--providers.kubernetesGateway.token="+token,
		"--providers.kubernetesGateway.certAuthFilePath="+cp.CA)
	ctx, cancel := context.WithCancel(context.Background())
	var logs bytes.Buffer
	cmd := exec.CommandContext(ctx, traefik, args...)
	cmd.Stdout, cmd.Stderr = &logs, &logs
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 15 * time.Second
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cancel()
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("traefik:\n%s", tailOf(logs.String(), 4000))
		}
	}()

	// The statuses Traefik writes with the gateway's account.
	cp.WaitFor(t, "Traefik to accept the GatewayClass, program the Gateway and attach the route", time.Minute, func() error {
		for _, c := range [][]string{
			{"get", "gatewayclass", "zsuite", `-o=jsonpath={.status.conditions[?(@.type=="Accepted")].status}`},
			{"-n", ns, "get", "gateway", "zsuite", `-o=jsonpath={.status.conditions[?(@.type=="Programmed")].status}`},
			{"-n", ns, "get", "httproute", "user-api", `-o=jsonpath={.status.parents[0].conditions[?(@.type=="Accepted")].status}`},
			{"-n", ns, "get", "httproute", "user-api", `-o=jsonpath={.status.parents[0].conditions[?(@.type=="ResolvedRefs")].status}`},
		} {
			out, err := cp.Kubectl(c...)
			if err != nil {
				return err
			}
			if strings.TrimSpace(out) != "True" {
				return fmt.Errorf("%s: %q", strings.Join(c, " "), out)
			}
		}
		return nil
	})

	client := func(serverName string, verify bool) *http.Client {
		pool := x509.NewCertPool()
		if raw, err := os.ReadFile(filepath.Join(certs, "tls.crt")); err == nil {
			pool.AppendCertsFromPEM(raw)
		}
		return &http.Client{
			Timeout:       10 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
			Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, ServerName: serverName, InsecureSkipVerify: !verify}, //nolint:gosec // another host gets Traefik's own certificate
				DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
					_, p, _ := net.SplitHostPort(addr)
					var d net.Dialer
					return d.DialContext(ctx, network, net.JoinHostPort("127.0.0.1", p))
				}},
		}
	}
	type answer struct {
		StatusCode int
		Status     string
		Header     http.Header
		TLS        *tls.ConnectionState
		body       map[string]any
	}
	get := func(c *http.Client, url, hostHeader string, header ...string) answer {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		req.Host = hostHeader
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		var resp *http.Response
		var err error
		// The route is programmed a moment after its status says so.
		for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(250 * time.Millisecond) {
			resp, err = c.Do(req)
			if err == nil && (resp.StatusCode != http.StatusNotFound || hostHeader != host) || time.Now().After(deadline) {
				break
			}
			if err == nil {
				_ = resp.Body.Close()
			}
		}
		if err != nil {
			t.Fatalf("GET %s (Host %s): %v", url, hostHeader, err)
		}
		raw, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		a := answer{StatusCode: resp.StatusCode, Status: resp.Status, Header: resp.Header, TLS: resp.TLS}
		_ = json.Unmarshal(raw, &a.body)
		return a
	}
	scheme, port80 := "http", "8080"
	if o.name == "prod" {
		scheme, port80 = "https", "8443"
	}
	c := client(host, true)
	url := fmt.Sprintf("%s://%s:%s/v1/products", scheme, host, port80)

	// The client's address, whatever it claims: X-Forwarded-For is the
	// gateway's peer (127.0.0.1) and nothing else.
	resp := get(c, url, host, "X-Forwarded-For", "203.0.113.66")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s, want 200 from user-api's stand-in", url, resp.Status)
	}
	if xff := fmt.Sprint(resp.body["xff"]); xff != "[127.0.0.1]" {
		t.Errorf("user-api got X-Forwarded-For %s from a client at 127.0.0.1 that sent 203.0.113.66; want [127.0.0.1]", xff)
	}
	// Another host reaches nothing.
	mu.Lock()
	before := len(seen)
	mu.Unlock()
	other := client("not-the-api.example", false)
	if a := get(other, fmt.Sprintf("%s://not-the-api.example:%s/v1/products", scheme, port80), "not-the-api.example"); a.StatusCode != http.StatusNotFound {
		t.Errorf("another host: %s, want 404", a.Status)
	}
	if o.name == "prod" {
		if got := resp.Header.Get("Strict-Transport-Security"); !strings.Contains(got, "max-age=31536000") {
			t.Errorf("HTTPS answered with Strict-Transport-Security %q", got)
		}
		if resp.TLS == nil || len(resp.TLS.PeerCertificates) == 0 || !samePEM(t, filepath.Join(certs, "tls.crt"), resp.TLS.PeerCertificates[0].Raw) {
			t.Error("HTTPS is not served with the certificate of the Secret zsuite-tls")
		}
		plain := fmt.Sprintf("http://%s:8080/v1/products?page=2", host)
		r := get(c, plain, host)
		if r.StatusCode != http.StatusMovedPermanently || r.Header.Get("Location") != "https://"+host+"/v1/products?page=2" {
			t.Errorf("GET %s: %s to %q, want 301 to https://%s/v1/products?page=2", plain, r.Status, r.Header.Get("Location"), host)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != before {
		t.Errorf("user-api was reached by %v: another host or plain HTTP must not reach it", seen[before:])
	}
}

// hostAddress is an IPv4 address of this machine that is not loopback: an
// EndpointSlice may not name a loopback address.
func hostAddress(t *testing.T) string {
	t.Helper()
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && n.IP.To4() != nil && !n.IP.IsLoopback() && !n.IP.IsLinkLocalUnicast() {
			return n.IP.String()
		}
	}
	t.Fatal("no IPv4 address other than loopback on this machine, for the stand-in backend")
	return ""
}

func samePEM(t *testing.T, file string, der []byte) bool {
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := pem.Decode(raw)
	return b != nil && bytes.Equal(b.Bytes, der)
}

func tailOf(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
