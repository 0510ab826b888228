//go:build kubee2e

package kubee2e

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/zsuite/deploy/internal/load"
	"github.com/zsuite/deploy/internal/walkthrough"
)

// namespace is the dev overlay's.
const namespace = "zsuite-dev"

type cluster struct {
	root, kubectl, kubeconfig string
}

// connect finds make kube-up's kubeconfig and kubectl, and fails the test,
// saying how, when the cluster is not up.
func connect(t *testing.T) *cluster {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	c := &cluster{root: root, kubeconfig: filepath.Join(root, ".local/kube/kubeconfig")}
	bins, _ := filepath.Glob(filepath.Join(root, ".local/kube/v*/bin/kubectl"))
	if len(bins) == 0 {
		t.Fatal("no kubectl in .local/kube/<version>/bin: run `make kube-up` first")
	}
	c.kubectl = bins[0]
	if _, err := os.Stat(c.kubeconfig); err != nil {
		t.Fatal("no cluster: run `make kube-up` first (it writes .local/kube/kubeconfig)")
	}
	if out, err := c.run(30*time.Second, "get", "--raw", "/readyz"); err != nil {
		t.Fatalf("the cluster does not answer (make kube-up): %v\n%s", err, out)
	}
	return c
}

// run runs kubectl and returns its combined output.
func (c *cluster) run(timeout time.Duration, args ...string) (string, error) {
	out, err := c.cmd(timeout, args...).CombinedOutput()
	return string(out), err
}

// cmd is kubectl with args against the cluster, in the repository, killed
// after timeout.
func (c *cluster) cmd(timeout time.Duration, args ...string) *exec.Cmd {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	cmd := exec.CommandContext(ctx, c.kubectl, append([]string{"--kubeconfig", c.kubeconfig}, args...)...)
	cmd.Dir = c.root
	go func() { <-ctx.Done(); cancel() }()
	return cmd
}

func (c *cluster) must(t *testing.T, timeout time.Duration, args ...string) string {
	t.Helper()
	out, err := c.run(timeout, args...)
	if err != nil {
		t.Fatalf("kubectl %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// TestSuiteOnCluster applies the dev overlay (docs/deploy.md, "Quick start
// (dev)"; the images are those make kube-up imported), waits until every
// Deployment and StatefulSet is Ready, runs the README's walkthrough against
// user-api through the gateway (kubectl port-forward to its Service), and shows the stores' policies
// enforced from inside the services' pods.
func TestSuiteOnCluster(t *testing.T) {
	c := connect(t)
	// A fresh namespace: the walkthrough registers alice, once.
	if out, err := c.run(3*time.Minute, "delete", "namespace", namespace, "--ignore-not-found", "--wait=true"); err != nil {
		t.Fatalf("deleting the namespace of an earlier run: %v\n%s", err, out)
	}
	c.recycleVolumes(t)
	start := time.Now()
	c.must(t, 2*time.Minute, "apply", "-k", "deploy/k8s/overlays/dev")
	defer func() {
		if t.Failed() {
			c.dump(t)
		}
	}()
	c.waitReady(t, 8*time.Minute)
	ready := time.Since(start)
	t.Logf("every Deployment and StatefulSet of %s Ready %s after the apply", namespace, ready.Round(time.Second))
	// The Gateway API objects, as Traefik took them: the class accepted, the
	// Gateway programmed with the gateway Service's address, the route
	// attached to its listener with its backend resolved.
	c.must(t, 2*time.Minute, "wait", "--for=condition=Accepted", "gatewayclass/zsuite", "--timeout=90s")
	c.must(t, 2*time.Minute, "-n", namespace, "wait", "--for=condition=Programmed", "gateway/zsuite", "--timeout=90s")
	for _, cond := range []string{"Accepted", "ResolvedRefs"} {
		c.must(t, 2*time.Minute, "-n", namespace, "wait", "--timeout=90s", "httproute/user-api",
			`--for=jsonpath={.status.parents[0].conditions[?(@.type=="`+cond+`")].status}=True`)
	}

	// Through the gateway, as a client of the dev overlay reaches it: its
	// Service's port on loopback, with the host its routes serve.
	gateway := c.portForward(t, "svc/gateway", 80)
	api := walkthrough.New(t, "http://"+devHost)
	api.HTTP.Transport = &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, gateway)
	}}
	walkthrough.Run(t, api)
	// Another host matches no route: the gateway answers 404 itself.
	req, _ := http.NewRequest(http.MethodGet, "http://not-the-api.example/v1/products", nil)
	if resp, err := api.HTTP.Do(req); err != nil || resp.StatusCode != http.StatusNotFound {
		t.Fatalf("another host through the gateway: %v %v, want 404", resp, err)
	} else {
		_ = resp.Body.Close()
	}
	c.checkClientAddresses(t)
	c.checkStoresPrivate(t)
	c.checkHPAMetrics(t, 2*time.Minute)
	// The services wait for their stores at start (common/rpcx): none exits
	// because a store's name does not resolve yet.
	c.checkNoRestarts(t, "after the first Ready")
	var f figures
	f.add("apply to every Deployment and StatefulSet Ready", ready, load.Counts{}, "")
	defer func() { f.report(t) }()

	// Under a steady mixed load through the gateway's NodePort.
	lb := c.gatewayClient(t)
	l := c.startLoad(t, lb)
	c.rollingRestart(t, l, &f)
	if e2eScope(t) == "all" {
		c.podLoss(t, l, &f)
		c.evictions(t, l, &f)
	}
	acked := l.Stop()
	settled := c.checkOrdersAndBooks(t, l, acked, time.Minute)
	f.add(fmt.Sprintf("books: %d acknowledged orders CONFIRMED, stock balances", len(acked)), 0, l.Counts(),
		"every order settled "+settled.Round(time.Second).String()+" after the load stopped")
	if e2eScope(t) == "all" {
		c.autoscale(t, lb, &f)
	}
	c.checkNoRestarts(t, "at the end")
}

// checkHPAMetrics waits until every HPA of the namespace reads the CPU use of
// its pods from metrics-server (the metrics.k8s.io API make kube-up serves).
func (c *cluster) checkHPAMetrics(t *testing.T, within time.Duration) {
	t.Helper()
	start, deadline := time.Now(), time.Now().Add(within)
	for {
		out, err := c.run(30*time.Second, "-n", namespace, "get", "hpa", "-o",
			`jsonpath={range .items[*]}{.metadata.name} {.status.currentMetrics[0].resource.current.averageUtilization}{"\n"}{end}`)
		var missing []string
		n := 0
		for _, line := range strings.Split(out, "\n") {
			f := strings.Fields(line)
			if len(f) == 0 {
				continue
			}
			n++
			if len(f) < 2 {
				missing = append(missing, f[0])
			}
		}
		if err == nil && n > 0 && len(missing) == 0 {
			t.Logf("the %d HPAs read their pods' CPU (%%) from metrics-server, waited %s:\n%s", n, time.Since(start).Round(time.Second), out)
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %s, HPAs without a CPU metric: %v (%v)\n%s", within, missing, err, out)
		}
		time.Sleep(3 * time.Second)
	}
}

// recycleVolumes makes the local volumes an earlier run released available
// again, emptied, as a local volume provisioner would: make kube-up's are
// directories on the node (StorageClass local, reclaim policy Retain).
func (c *cluster) recycleVolumes(t *testing.T) {
	t.Helper()
	out := c.must(t, time.Minute, "get", "pv", "-o",
		`jsonpath={range .items[?(@.status.phase=="Released")]}{.metadata.name} {.spec.storageClassName} {.spec.local.path}{"\n"}{end}`)
	n := 0
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) != 3 || f[1] != "local" || !strings.HasPrefix(f[2], filepath.Join(c.root, ".local/kube/run/pv")+"/") {
			continue
		}
		entries, err := os.ReadDir(f[2])
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if err := os.RemoveAll(filepath.Join(f[2], e.Name())); err != nil {
				t.Fatal(err)
			}
		}
		c.must(t, time.Minute, "patch", "pv", f[0], "--type=json", `-p=[{"op":"remove","path":"/spec/claimRef"}]`)
		n++
	}
	if n > 0 {
		t.Logf("%d local volumes released by an earlier run emptied and made available", n)
	}
}

// waitReady waits until every Deployment and StatefulSet of the namespace has
// all its replicas ready and updated.
func (c *cluster) waitReady(t *testing.T, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		out, err := c.run(30*time.Second, "-n", namespace, "get", "deployments,statefulsets", "-o",
			`jsonpath={range .items[*]}{.kind}/{.metadata.name} {.spec.replicas} {.status.readyReplicas} {.status.updatedReplicas}{"\n"}{end}`)
		var waiting []string
		if err != nil {
			waiting = append(waiting, err.Error())
		}
		n := 0
		sc := bufio.NewScanner(strings.NewReader(out))
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			if len(f) == 0 {
				continue
			}
			n++
			if len(f) < 4 || f[1] != f[2] || f[1] != f[3] {
				waiting = append(waiting, sc.Text())
			}
		}
		if err == nil && n == 0 {
			waiting = append(waiting, "no Deployment or StatefulSet yet")
		}
		if len(waiting) == 0 {
			t.Logf("%d Deployments and StatefulSets Ready", n)
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("not Ready after %s (kind/name replicas ready updated):\n%s", within, strings.Join(waiting, "\n"))
		}
		time.Sleep(2 * time.Second)
	}
}

// devHost is the host the dev overlay's gateway routes to user-api (its
// Gateway's listener and HTTPRoute, deploy/k8s/overlays/dev); any other host
// is 404.
const devHost = "zsuite.localhost"

var forwarding = regexp.MustCompile(`Forwarding from 127\.0\.0\.1:(\d+) ->`)

// portForward runs kubectl port-forward to target's port on a free loopback
// port, until the test ends, and returns host:port.
func (c *cluster) portForward(t *testing.T, target string, port int) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, c.kubectl, "--kubeconfig", c.kubeconfig, "-n", namespace,
		"port-forward", "--address", "127.0.0.1", target, fmt.Sprintf(":%d", port))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); _ = cmd.Wait() })
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := forwarding.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case found <- m[1]:
				default:
				}
			}
		}
	}()
	select {
	case p := <-found:
		return "127.0.0.1:" + p
	case <-time.After(30 * time.Second):
		t.Fatalf("kubectl port-forward %s did not start within 30s", target)
	}
	return ""
}

// deleteNamespace deletes a scratch namespace without waiting, at a test's
// end; a failure is logged (the next run deletes it first).
func (c *cluster) deleteNamespace(t *testing.T, ns string) {
	if out, err := c.run(3*time.Minute, "delete", "namespace", ns, "--wait=false"); err != nil {
		t.Logf("deleting the namespace %s: %v\n%s", ns, err, out)
	}
}

// dump prints what a failure needs: the pods, the events, the logs of every
// pod that is not ready.
func (c *cluster) dump(t *testing.T) {
	out, _ := c.run(time.Minute, "-n", namespace, "get", "pods,pvc,svc,networkpolicies", "-o", "wide")
	t.Logf("kubectl get:\n%s", out)
	out, _ = c.run(time.Minute, "-n", namespace, "get", "events", "--sort-by=.lastTimestamp")
	t.Logf("events:\n%s", out)
	out, _ = c.run(time.Minute, "-n", namespace, "get", "pods", "-o",
		`jsonpath={range .items[?(@.status.containerStatuses[0].ready==false)]}{.metadata.name}{"\n"}{end}`)
	for _, p := range strings.Fields(out) {
		logs, _ := c.run(time.Minute, "-n", namespace, "logs", p, "--all-containers", "--tail=40")
		t.Logf("logs of %s:\n%s", p, logs)
	}
}
