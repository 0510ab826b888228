// Package kube runs a real Kubernetes control plane for the deploy tests: a
// private etcd (Debian's etcd-server), kube-apiserver and
// kube-controller-manager built from k8s.io/kubernetes at the release pinned in
// deploy/kube/go.mod, and kubectl from the same build. Everything listens on
// loopback, on ports the kernel hands out, so it never meets the local stack's
// etcd (2379) or anything else on the machine. There is no kubelet and no
// scheduler: objects are stored, admitted and reconciled by the controllers (pods
// created, HPAs and PDBs computed), but no container runs.
package kube

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zsuite/testkit/gate"
	"github.com/zsuite/testkit/ports"
	"github.com/zsuite/testkit/stack"
)

// ControlPlane is a running etcd, kube-apiserver and kube-controller-manager.
type ControlPlane struct {
	Version    string // the Kubernetes release, e.g. v1.36.3
	Bin        string // the directory of kube-apiserver, kube-controller-manager, kubectl
	Kubeconfig string // an admin (system:masters) kubeconfig, token auth
	Server     string // the API server's URL (https://127.0.0.1:port)
	CA         string // the file of the certificate it serves (self-signed)
	Dir        string // scratch: etcd's data, certificates, logs

	procs      []*stack.Process
	lastStderr string
}

// Start builds the binaries when needed (deploy/kube/build.sh; seconds with a
// warm Go build cache), starts the control plane and stops it when the test
// ends. It fails the test, saying why, when a part cannot start.
func Start(t testing.TB, root string) *ControlPlane {
	t.Helper()
	gate.Integration(t)
	etcd, err := exec.LookPath("etcd")
	if err != nil {
		t.Fatalf("etcd not found on PATH: install Debian's etcd-server (make deps does): %v", err)
	}
	build := exec.Command(filepath.Join(root, "deploy/kube/build.sh"))
	var berr bytes.Buffer
	build.Stderr = &berr
	out, err := build.Output()
	if err != nil {
		t.Fatalf("building the control plane (deploy/kube/build.sh): %v\n%s", err, berr.String())
	}
	cp := &ControlPlane{Bin: strings.TrimSpace(string(out)), Dir: t.TempDir()}
	cp.Version = filepath.Base(filepath.Dir(cp.Bin))
	pki := filepath.Join(cp.Dir, "pki")
	must(t, os.MkdirAll(pki, 0o700))

	// Service account tokens are signed with this key (the apiserver issues,
	// the controller manager's token controller too).
	saKey := filepath.Join(pki, "sa.key")
	writeRSAKey(t, saKey)
	token := randomHex(t)
	tokens := filepath.Join(pki, "tokens.csv")
	must(t, os.WriteFile(tokens, []byte(token+",admin,admin,system:masters\n"), 0o600))

	etcdPort, etcdPeer, apiPort := freePort(t), freePort(t), freePort(t)
	etcdURL := fmt.Sprintf("http://127.0.0.1:%d", etcdPort)
	cp.run(t, "etcd", etcd,
		"--name=kube", "--data-dir="+filepath.Join(cp.Dir, "etcd"),
		"--listen-client-urls="+etcdURL, "--advertise-client-urls="+etcdURL,
		fmt.Sprintf("--listen-peer-urls=http://127.0.0.1:%d", etcdPeer),
		fmt.Sprintf("--initial-advertise-peer-urls=http://127.0.0.1:%d", etcdPeer),
		fmt.Sprintf("--initial-cluster=kube=http://127.0.0.1:%d", etcdPeer),
		"--unsafe-no-fsync", "--log-level=warn")

	// No --tls-cert-file: the apiserver makes a self-signed serving
	// certificate for 127.0.0.1 and localhost in --cert-dir at start.
	cp.run(t, "kube-apiserver", filepath.Join(cp.Bin, "kube-apiserver"),
		"--etcd-servers="+etcdURL,
		"--bind-address=127.0.0.1", "--advertise-address=127.0.0.1",
		fmt.Sprintf("--secure-port=%d", apiPort),
		"--cert-dir="+pki,
		"--token-auth-file="+tokens,
		"--authorization-mode=Node,RBAC",
		"--service-account-issuer=https://kubernetes.default.svc",
		"--service-account-key-file="+saKey,
		"--service-account-signing-key-file="+saKey,
		"--service-cluster-ip-range=10.96.0.0/16",
		"--profiling=false")

	ca := filepath.Join(pki, "apiserver.crt")
	cp.Server, cp.CA = fmt.Sprintf("https://127.0.0.1:%d", apiPort), ca
	cp.Kubeconfig = filepath.Join(cp.Dir, "kubeconfig")
	must(t, os.WriteFile(cp.Kubeconfig, []byte(fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
  - name: test
    cluster: {server: "https://127.0.0.1:%d", certificate-authority: %q}
users:
  - name: admin
    user: {token: %q}
contexts:
  - name: test
    context: {cluster: test, user: admin}
current-context: test
`, apiPort, ca, token)), 0o600))
	cp.waitFor(t, "kube-apiserver to be ready", 90*time.Second, func() error {
		if _, err := os.Stat(ca); err != nil {
			return err
		}
		_, err := cp.Kubectl("get", "--raw", "/readyz")
		return err
	})

	cp.run(t, "kube-controller-manager", filepath.Join(cp.Bin, "kube-controller-manager"),
		"--kubeconfig="+cp.Kubeconfig,
		"--authentication-kubeconfig="+cp.Kubeconfig,
		"--authorization-kubeconfig="+cp.Kubeconfig,
		"--bind-address=127.0.0.1", fmt.Sprintf("--secure-port=%d", freePort(t)),
		"--leader-elect=false",
		"--service-account-private-key-file="+saKey,
		"--root-ca-file="+ca,
		// The HPAs take a new Deployment over within a second, not fifteen.
		"--horizontal-pod-autoscaler-sync-period=1s",
		"--profiling=false")
	// The service account controller makes every namespace's "default"
	// account: once it exists, the controllers run.
	cp.waitFor(t, "kube-controller-manager to run its controllers", 90*time.Second, func() error {
		_, err := cp.Kubectl("-n", "default", "get", "serviceaccount", "default")
		return err
	})
	// The Gateway API's CRDs, as an operator installs them once per cluster
	// (docs/deploy.md): the overlays' edge is a Gateway and HTTPRoutes.
	crds, err := GatewayAPICRDs(root)
	if err != nil {
		t.Fatal(err)
	}
	if out, err := cp.Kubectl("apply", "--server-side", "-f", crds); err != nil {
		t.Fatalf("installing the Gateway API CRDs: %v\n%s", err, out)
	}
	if out, err := cp.Kubectl("wait", "--for=condition=Established", "--timeout=60s", "-f", crds); err != nil {
		t.Fatalf("the Gateway API CRDs: %v\n%s", err, out)
	}
	return cp
}

// GatewayAPICRDs is the directory of the Gateway API's standard-channel CRDs
// at the version the pinned gateway (Traefik, deploy/tools/traefik/go.mod) is
// built against, in the Go module cache (downloaded when missing): the same
// files make kube-up installs (deploy/kube/up.sh).
func GatewayAPICRDs(root string) (string, error) {
	tool := filepath.Join(root, "deploy", "tools", "traefik")
	goCmd := func(args ...string) (string, error) {
		cmd := exec.Command("go", args...)
		cmd.Dir = tool
		cmd.Env = append(os.Environ(), "GOWORK=off")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return "", fmt.Errorf("go %s in %s: %v\n%s", strings.Join(args, " "), tool, err, stderr.String())
		}
		return strings.TrimSpace(string(out)), nil
	}
	if _, err := goCmd("mod", "download", "sigs.k8s.io/gateway-api"); err != nil {
		return "", err
	}
	dir, err := goCmd("list", "-m", "-f", "{{.Dir}}", "sigs.k8s.io/gateway-api")
	if err != nil {
		return "", err
	}
	crds := filepath.Join(dir, "config", "crd", "standard")
	if _, err := os.Stat(crds); err != nil {
		return "", fmt.Errorf("the Gateway API module has no standard CRDs: %v", err)
	}
	return crds, nil
}

// Kubectl runs kubectl against the control plane and returns its standard
// output; an error carries the standard error.
func (cp *ControlPlane) Kubectl(args ...string) (string, error) {
	return cp.KubectlIn("", args...)
}

// MustKubectl is Kubectl that fails the test on an error.
func (cp *ControlPlane) MustKubectl(t testing.TB, args ...string) string {
	t.Helper()
	out, err := cp.Kubectl(args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// KubectlIn is Kubectl with stdin.
func (cp *ControlPlane) KubectlIn(stdin string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(cp.Bin, "kubectl"), append([]string{"--kubeconfig", cp.Kubeconfig}, args...)...)
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("kubectl %s: %v\n%s%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	if stderr.Len() > 0 {
		// Warnings (deprecations, Pod Security in warn mode) are failures
		// for the caller to see; Stderr keeps the last.
		cp.lastStderr = stderr.String()
	} else {
		cp.lastStderr = ""
	}
	return stdout.String(), nil
}

// Stderr is what the last successful kubectl wrote to its standard error:
// warnings, which a manifest should not cause.
func (cp *ControlPlane) Stderr() string { return cp.lastStderr }

// WaitFor polls fn every half second until it returns nil, and fails the test
// with fn's last error after timeout.
func (cp *ControlPlane) WaitFor(t testing.TB, what string, timeout time.Duration, fn func() error) {
	t.Helper()
	cp.waitFor(t, what, timeout, fn)
}

func (cp *ControlPlane) waitFor(t testing.TB, what string, timeout time.Duration, fn func() error) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		err := fn()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited %s for %s: %v\n%s", timeout, what, err, cp.logTails())
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// run starts a process whose output goes to <Dir>/<name>.log, and stops it
// (SIGINT, then SIGKILL) when the test ends; it fails the test if the
// process exits before that.
func (cp *ControlPlane) run(t testing.TB, name, bin string, args ...string) {
	t.Helper()
	p := &stack.Process{Name: name, Bin: bin, Args: args, LogPath: filepath.Join(cp.Dir, name+".log")}
	if err := p.Start(0); err != nil {
		t.Fatalf("starting %s: %v", name, err)
	}
	cp.procs = append(cp.procs, p)
	t.Cleanup(func() {
		if !p.Alive() {
			t.Errorf("%s exited during the test:\n%s", name, tail(p.LogPath))
			return
		}
		p.StopWith(os.Interrupt, 10*time.Second)
	})
}

func (cp *ControlPlane) logTails() string {
	var b strings.Builder
	for _, p := range cp.procs {
		state := "running"
		if !p.Alive() {
			state = "EXITED"
		}
		fmt.Fprintf(&b, "--- %s (%s), the end of its log:\n%s\n", p.Name, state, tail(p.LogPath))
	}
	return b.String()
}

func tail(path string) string {
	b, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > 15 {
		lines = lines[len(lines)-15:]
	}
	return strings.Join(lines, "\n")
}

func freePort(t testing.TB) int {
	t.Helper()
	p, err := ports.Free()
	must(t, err)
	return p
}

func writeRSAKey(t testing.TB, path string) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	must(t, err)
	der, err := x509.MarshalPKCS8PrivateKey(key)
	must(t, err)
	must(t, os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600))
}

func randomHex(t testing.TB) string {
	t.Helper()
	b := make([]byte, 16)
	_, err := rand.Read(b)
	must(t, err)
	return fmt.Sprintf("%x", b)
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
