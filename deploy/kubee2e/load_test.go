//go:build kubee2e

package kubee2e

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zsuite/deploy/internal/load"
	teststack "github.com/zsuite/testkit/stack"
)

// deployments are the suite's Deployments, in the order the rolling update
// and the evictions take them: the edge first, then the services.
var deployments = []string{"gateway", "user-api", "user-rpc", "order-rpc", "inventory-rpc"}

// figure is one row of the table the test prints (docs/deploy.md keeps it).
type figure struct {
	step      string
	took      time.Duration // the step, from its first action to the suite Ready again
	counts    load.Counts   // the load's answers during the step
	recovered string        // e.g. time to Ready, to every order settled
}

// figures collects the rows; report prints them.
type figures []figure

func (f *figures) add(step string, took time.Duration, counts load.Counts, recovered string) {
	*f = append(*f, figure{step, took, counts, recovered})
}

func (f figures) report(t *testing.T) {
	var b strings.Builder
	b.WriteString("\n| step | took | requests | ok | 429 | failed | slowest | recovery |\n|---|---|---|---|---|---|---|---|\n")
	for _, r := range f {
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %d | %d | %s | %s |\n", r.step, r.took.Round(time.Second),
			r.counts.Requests, r.counts.OK, r.counts.RateLimited, r.counts.Failed, r.counts.Slowest.Round(10*time.Millisecond), r.recovered)
	}
	t.Log(b.String())
}

// gatewayClient is a client of the gateway's NodePort on the node's address,
// as an operator reaches the dev overlay (docs/deploy.md, quick start): a
// port-forward would follow one gateway pod and break when it is replaced.
func (c *cluster) gatewayClient(t *testing.T) *teststack.Client {
	t.Helper()
	port := strings.TrimSpace(c.must(t, time.Minute, "-n", namespace, "get", "svc", "gateway", "-o", "jsonpath={.spec.ports[0].nodePort}"))
	node := strings.TrimSpace(c.must(t, time.Minute, "get", "nodes", "-o", `jsonpath={.items[0].status.addresses[?(@.type=="InternalIP")].address}`))
	if port == "" || node == "" {
		t.Fatalf("the gateway's NodePort (%q) or the node's address (%q) is missing", port, node)
	}
	addr := net.JoinHostPort(node, port)
	tr := &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, network, addr)
		},
		MaxIdleConns: 256, MaxIdleConnsPerHost: 256, IdleConnTimeout: 30 * time.Second,
	}
	t.Cleanup(tr.CloseIdleConnections)
	return &teststack.Client{BaseURL: "http://" + devHost, HTTP: &http.Client{Transport: tr, Timeout: 15 * time.Second}}
}

// startLoad prepares and starts the steady load of steps 3 to 5 through the
// gateway: 4 customers, one request each every 150 ms (about 20 a second in
// all, within the anonymous limit of the one address they share).
func (c *cluster) startLoad(t *testing.T, api *teststack.Client) *load.Load {
	t.Helper()
	l := load.Prepare(t, api, load.Config{
		Customers: 4, Pause: 150 * time.Millisecond,
		Products: 3, Stock: 100000, Restock: 500,
		AdminUser: "admin", AdminPassword: "admin12345",
		Name: fmt.Sprintf("load%d", time.Now().Unix()%100000),
	})
	l.Start()
	time.Sleep(3 * time.Second)
	if w := l.Window(); w.OK == 0 || w.Failed > 0 {
		t.Fatalf("the load before any disruption: %s %v", w, w.Failures)
	}
	return l
}

// psql runs a query in a Postgres pod of the namespace (as its own user, on
// its socket) and returns the rows, one a line, fields separated by |.
func (c *cluster) psql(t *testing.T, pod, db, query string) string {
	t.Helper()
	var out string
	var err error
	for range 30 { // the pod may be coming back (step 4)
		out, err = c.run(time.Minute, "-n", namespace, "exec", pod, "-c", "postgres", "--",
			"psql", "-U", "zsuite", "-d", db, "-v", "ON_ERROR_STOP=1", "-Atc", query)
		if err == nil {
			return strings.TrimSpace(out)
		}
		time.Sleep(2 * time.Second)
	}
	t.Fatalf("psql in %s: %v\n%s", pod, err, out)
	return ""
}

// checkOrdersAndBooks holds the stores to what the load was told: every
// acknowledged order is in order-rpc's database, CONFIRMED; within settle no
// order of the load's products is PENDING or CANCELLING; and every product
// balances: initial + restocked = available + reserved, the reserved being
// what the confirmed orders hold. It returns how long the orders took to
// settle.
func (c *cluster) checkOrdersAndBooks(t *testing.T, l *load.Load, acked []load.Order, settle time.Duration) time.Duration {
	t.Helper()
	ids := l.ProductIds()
	list := strings.Trim(strings.Join(strings.Fields(fmt.Sprint(ids)), ","), "[]")
	start := time.Now()
	var unsettled string
	for {
		unsettled = c.psql(t, "order-rpc-postgres-0", "orders", fmt.Sprintf(
			`SELECT o.id, o.status, o.created_at FROM orders o WHERE o.status IN ('PENDING','CANCELLING') AND EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.product_id IN (%s))`, list))
		if unsettled == "" {
			break
		}
		if time.Since(start) > settle {
			t.Fatalf("orders still unsettled %s after the load stopped (the bound, docs/slo.md: PendingTimeout 1 min):\n%s", settle, unsettled)
		}
		time.Sleep(time.Second)
	}
	settled := time.Since(start)

	status := map[int64]string{}
	confirmed := map[int64]int64{}
	rows := c.psql(t, "order-rpc-postgres-0", "orders", fmt.Sprintf(
		`SELECT o.id, o.status, l.product_id, l.quantity FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE l.product_id IN (%s)`, list))
	for _, row := range strings.Split(rows, "\n") {
		f := strings.Split(row, "|")
		if len(f) != 4 {
			continue
		}
		id, _ := strconv.ParseInt(f[0], 10, 64)
		product, _ := strconv.ParseInt(f[2], 10, 64)
		quantity, _ := strconv.ParseInt(f[3], 10, 64)
		status[id] = f[1]
		if f[1] == "CONFIRMED" {
			confirmed[product] += quantity
		}
	}
	var missing []string
	for _, o := range acked {
		if status[o.Id] != "CONFIRMED" {
			missing = append(missing, fmt.Sprintf("order %d (key %s, answered %s) is %q in the store", o.Id, o.Key, o.Status, status[o.Id]))
		}
	}
	if len(missing) > 0 {
		t.Fatalf("%d of %d acknowledged orders are not CONFIRMED in order-rpc's database:\n%s", len(missing), len(acked), strings.Join(missing, "\n"))
	}

	books := map[int64]load.Books{}
	rows = c.psql(t, "inventory-rpc-postgres-0", "inventory", fmt.Sprintf(
		`SELECT p.id, p.stock, coalesce((SELECT sum(l.quantity) FROM reservation_lines l JOIN reservations r USING (order_id) WHERE l.product_id = p.id AND r.status = 'RESERVED'), 0) FROM products p WHERE p.id IN (%s)`, list))
	for _, row := range strings.Split(rows, "\n") {
		f := strings.Split(row, "|")
		if len(f) != 3 {
			continue
		}
		id, _ := strconv.ParseInt(f[0], 10, 64)
		available, _ := strconv.ParseInt(f[1], 10, 64)
		reserved, _ := strconv.ParseInt(f[2], 10, 64)
		books[id] = load.Books{Available: available, Reserved: reserved}
	}
	if err := l.CheckBooks(books, confirmed); err != nil {
		t.Fatalf("the books do not balance:\n%v", err)
	}
	t.Logf("%d acknowledged orders all CONFIRMED (%d orders of the load's products in the store), none unsettled after %s; books balance: %v",
		len(acked), len(status), settled.Round(time.Second), books)
	return settled
}

// requireNoFailures fails the test when a window of the load had a failure.
func requireNoFailures(t *testing.T, step string, w load.Counts) {
	t.Helper()
	if w.Failed > 0 {
		t.Errorf("%s: %s; failures:\n%s", step, w, strings.Join(w.Failures, "\n"))
	}
}

// rollingRestart restarts every Deployment, one after the other, waiting for
// each rollout, under the load; no request may fail but with a 429.
func (c *cluster) rollingRestart(t *testing.T, l *load.Load, f *figures) {
	t.Helper()
	all := time.Now()
	l.Window()
	var total load.Counts
	for _, d := range deployments {
		start := time.Now()
		c.must(t, time.Minute, "-n", namespace, "rollout", "restart", "deployment/"+d)
		c.must(t, 4*time.Minute, "-n", namespace, "rollout", "status", "deployment/"+d, "--timeout=3m")
		// the old pod's preStop and shutdown: the load keeps going while it leaves
		c.waitPodsGone(t, d, time.Minute)
		w := l.Window()
		f.add("rollout restart "+d, time.Since(start), w, "new pod Ready "+time.Since(start).Round(time.Second).String())
		requireNoFailures(t, "rollout restart "+d, w)
		total = addCounts(total, w)
	}
	f.add("rolling update, all five", time.Since(all), total, "")
}

// addCounts sums two windows.
func addCounts(a, b load.Counts) load.Counts {
	return load.Counts{Requests: a.Requests + b.Requests, OK: a.OK + b.OK, RateLimited: a.RateLimited + b.RateLimited,
		Failed: a.Failed + b.Failed, Slowest: max(a.Slowest, b.Slowest), Failures: append(a.Failures, b.Failures...)}
}

// waitPodsGone waits until the Deployment's pods are exactly its ready
// replicas: the replaced ones have finished terminating.
func (c *cluster) waitPodsGone(t *testing.T, deployment string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		out := c.must(t, time.Minute, "-n", namespace, "get", "pods", "-l", "app.kubernetes.io/name="+deployment,
			"-o", `jsonpath={range .items[*]}{.metadata.name} {.metadata.deletionTimestamp}{"\n"}{end}`)
		terminating := 0
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			if len(strings.Fields(line)) > 1 {
				terminating++
			}
		}
		if terminating == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("pods of %s still terminating after %s:\n%s", deployment, within, out)
		}
		time.Sleep(time.Second)
	}
}

// podLoss loses, under the load, the order-rpc pod as a crashed node loses
// it: its process is killed (SIGKILL, from the node: no SIGTERM, no
// deregistration, orders in flight left mid-saga) and the pod deleted at
// once, so that its Deployment replaces it; then order-rpc's Postgres pod the
// same way. Requests fail meanwhile (503, documented); the step measures how
// long, and afterwards the books must balance and every order settle within
// the saga's bound (checkOrdersAndBooks).
func (c *cluster) podLoss(t *testing.T, l *load.Load, f *figures) {
	t.Helper()
	for _, target := range []struct{ what, selector, waitFor string }{
		{"order-rpc pod lost (SIGKILL, deleted)", "app.kubernetes.io/name=order-rpc", "deployment/order-rpc"},
		{"order-rpc's Postgres pod lost (SIGKILL, deleted)", "app.kubernetes.io/name=order-rpc-postgres", "statefulset/order-rpc-postgres"},
	} {
		l.Window()
		pod := strings.TrimSpace(c.must(t, time.Minute, "-n", namespace, "get", "pods", "-l", target.selector, "-o", "jsonpath={.items[0].metadata.name}"))
		id := strings.TrimPrefix(strings.TrimSpace(c.must(t, time.Minute, "-n", namespace, "get", "pod", pod,
			"-o", "jsonpath={.status.containerStatuses[0].containerID}")), "containerd://")
		pid := c.tasks(t)[id]
		if pid == "" {
			t.Fatalf("no running task of pod %s (%s)", pod, id)
		}
		start := time.Now()
		if out, err := exec.Command("kill", "-KILL", pid).CombinedOutput(); err != nil {
			t.Fatalf("kill -KILL %s (pod %s, as root on the node): %v %s", pid, pod, err, out)
		}
		c.must(t, time.Minute, "-n", namespace, "delete", "pod", pod, "--grace-period=0", "--force", "--wait=false")
		c.waitRolledOut(t, target.waitFor, 4*time.Minute)
		ready := time.Since(start)
		recovered := c.waitServed(t, l, start, 2*time.Minute)
		time.Sleep(5 * time.Second)
		w := l.Window()
		f.add(target.what, time.Since(start), w, fmt.Sprintf("replacement Ready %s, requests served again %s", ready.Round(time.Second), recovered.Round(100*time.Millisecond)))
		t.Logf("%s: %s; the first failures: %v", target.what, w, w.Failures[:min(len(w.Failures), 3)])
	}
}

// waitRolledOut waits until a Deployment's or StatefulSet's pods are all
// ready again.
func (c *cluster) waitRolledOut(t *testing.T, what string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		out, err := c.run(time.Minute, "-n", namespace, "get", what, "-o", "jsonpath={.spec.replicas} {.status.readyReplicas} {.status.updatedReplicas}")
		f := strings.Fields(out)
		if err == nil && len(f) == 3 && f[0] == f[1] && f[0] == f[2] {
			// a pod deleted a moment ago may still count as ready
			pods, _ := c.run(time.Minute, "-n", namespace, "get", "pods", "-o",
				`jsonpath={range .items[*]}{.metadata.name} {.metadata.deletionTimestamp} {.status.containerStatuses[0].ready}{"\n"}{end}`)
			if !strings.Contains(pods, " false") && !strings.Contains(pods, "Z ") {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s not ready again within %s: %s %v", what, within, out, err)
		}
		time.Sleep(time.Second)
	}
}

// waitServed waits until the load's requests pass again, none failing for
// a second, and returns the time from since.
func (c *cluster) waitServed(t *testing.T, l *load.Load, since time.Time, within time.Duration) time.Duration {
	t.Helper()
	deadline := time.Now().Add(within)
	last := l.Counts()
	for {
		time.Sleep(time.Second)
		now := l.Counts()
		if now.Failed == last.Failed && now.OK > last.OK {
			// the last failure was at most a second ago
			return time.Since(since) - time.Second
		}
		if time.Now().After(deadline) {
			t.Fatalf("the load's requests still fail %s after the loss: %s", within, now.Sub(last))
		}
		last = now
	}
}

// evictions sets every Deployment's HPA to at least 2 replicas, then evicts
// each pod of the suite's Deployments one after the other through the
// eviction API (policy/v1 Eviction, what kubectl drain sends), waiting each
// time for the replacement to be Ready. Right after the first eviction of
// user-api the other replica's eviction must be refused with 429: the PDB
// admits one disruption at a time. No request of the load may fail.
func (c *cluster) evictions(t *testing.T, l *load.Load, f *figures) {
	t.Helper()
	start := time.Now()
	for _, d := range deployments {
		c.must(t, time.Minute, "-n", namespace, "patch", "hpa", d, "--type=merge", `-p={"spec":{"minReplicas":2}}`)
	}
	for _, d := range deployments {
		c.waitReplicas(t, d, 2, 3*time.Minute)
	}
	l.Window()
	f.add("every Deployment scaled to 2 (HPA minReplicas)", time.Since(start), load.Counts{}, "")
	refusedShown := false
	for _, d := range deployments {
		dstart := time.Now()
		pods := c.podsOf(t, d)
		for i, pod := range pods {
			if code, out := c.evict(t, pod); code != 201 && code != 200 {
				t.Fatalf("evicting %s (both replicas ready): %d\n%s", pod, code, out)
			}
			if i == 0 && !refusedShown {
				// the other is Ready, but one is already disrupted
				code, out := c.evict(t, pods[1])
				if code != http.StatusTooManyRequests {
					t.Fatalf("evicting %s while %s was being evicted: %d, want 429 (the PDB)\n%s", pods[1], pod, code, out)
				}
				t.Logf("evicting the other replica %s at once was refused, as the PDB says: %d %s", pods[1], code, pdbRefusal(out))
				refusedShown = true
			}
			c.waitReplicas(t, d, 2, 3*time.Minute)
			c.waitPodsGone(t, d, time.Minute)
		}
		w := l.Window()
		f.add("evict both pods of "+d, time.Since(dstart), w, "replacements Ready")
		requireNoFailures(t, "evictions of "+d, w)
	}
	if !refusedShown {
		t.Error("no eviction was refused")
	}
}

// pdbRefusal is the API server's reason in kubectl's output of a refused
// eviction.
func pdbRefusal(out string) string {
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "disruption budget") {
			return strings.TrimSpace(line)
		}
	}
	return "(no reason given)"
}

// podsOf lists a Deployment's pods that are not terminating, by name.
func (c *cluster) podsOf(t *testing.T, d string) []string {
	t.Helper()
	out := c.must(t, time.Minute, "-n", namespace, "get", "pods", "-l", "app.kubernetes.io/name="+d,
		"-o", `jsonpath={range .items[*]}{.metadata.name} {.metadata.deletionTimestamp}{"\n"}{end}`)
	var pods []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if f := strings.Fields(line); len(f) == 1 {
			pods = append(pods, f[0])
		}
	}
	sort.Strings(pods)
	return pods
}

var evictionStatus = regexp.MustCompile(`/eviction"? status="(\d{3})`)

// evict sends a policy/v1 Eviction of pod and returns the API server's status
// code (201 when admitted, 429 when a PDB refuses).
func (c *cluster) evict(t *testing.T, pod string) (int, string) {
	t.Helper()
	body := fmt.Sprintf(`{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":%q,"namespace":%q}}`, pod, namespace)
	cmd := c.cmd(time.Minute, "create", "--raw", fmt.Sprintf("/api/v1/namespaces/%s/pods/%s/eviction", namespace, pod), "-f", "-", "-v=6")
	cmd.Stdin = strings.NewReader(body)
	out, _ := cmd.CombinedOutput()
	// -v=6 logs the response: "Response" verb="POST" url=".../eviction" status="429 Too Many Requests"
	if m := evictionStatus.FindStringSubmatch(string(out)); m != nil {
		code, _ := strconv.Atoi(m[1])
		return code, string(out)
	}
	t.Fatalf("no status in kubectl's log of the eviction of %s:\n%s", pod, out)
	return 0, ""
}

// waitReplicas waits until a Deployment has want ready, updated replicas.
func (c *cluster) waitReplicas(t *testing.T, d string, want int, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		out, _ := c.run(time.Minute, "-n", namespace, "get", "deployment", d, "-o", "jsonpath={.spec.replicas} {.status.readyReplicas} {.status.availableReplicas}")
		if strings.Fields(out) != nil && out == fmt.Sprintf("%d %d %d", want, want, want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("deployment %s: %q (replicas ready available), want %d of each, after %s", d, out, want, within)
		}
		time.Sleep(time.Second)
	}
}

// checkNoRestarts holds every container of the suite's pods to restartCount 0.
func (c *cluster) checkNoRestarts(t *testing.T, when string) {
	t.Helper()
	out := c.must(t, time.Minute, "-n", namespace, "get", "pods", "-o",
		`jsonpath={range .items[*]}{.metadata.name}{range .status.containerStatuses[*]} {.name}={.restartCount}{end}{"\n"}{end}`)
	var restarted []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		for _, f := range strings.Fields(line)[1:] {
			if !strings.HasSuffix(f, "=0") {
				restarted = append(restarted, line)
				break
			}
		}
	}
	if len(restarted) > 0 {
		for _, line := range restarted {
			pod := strings.Fields(line)[0]
			logs, _ := c.run(time.Minute, "-n", namespace, "logs", pod, "--previous", "--tail=20")
			t.Logf("%s, previous container's log:\n%s", line, logs)
		}
		t.Errorf("%s, containers restarted (restartCount > 0):\n%s", when, strings.Join(restarted, "\n"))
		return
	}
	t.Logf("%s: no container of %s has restarted", when, namespace)
}

// autoscale shows the user-api HPA scale up from metrics-server's numbers
// under a burst of load and back down after it, and that applying the overlay
// again meanwhile leaves the count the HPA set.
func (c *cluster) autoscale(t *testing.T, api *teststack.Client, f *figures) {
	t.Helper()
	hpaReplicas := func() (current, desired int) {
		out, _ := c.run(time.Minute, "-n", namespace, "get", "hpa", "user-api", "-o", "jsonpath={.status.currentReplicas} {.status.desiredReplicas}")
		_, _ = fmt.Sscan(out, &current, &desired)
		return
	}
	replicas := func() int {
		out, _ := c.run(time.Minute, "-n", namespace, "get", "deployment", "user-api", "-o", "jsonpath={.spec.replicas}")
		n, _ := strconv.Atoi(strings.TrimSpace(out))
		return n
	}
	// the evictions' minimum of 2 goes: the overlay's own HPAs again, and
	// user-api back at one replica, its HPA settled there
	c.must(t, 2*time.Minute, "apply", "-k", "deploy/k8s/overlays/dev")
	settle := time.Now()
	for deadline := time.Now().Add(5 * time.Minute); ; {
		if cur, desired := hpaReplicas(); cur == 1 && desired == 1 && replicas() == 1 {
			break
		}
		if time.Now().After(deadline) {
			out, _ := c.run(time.Minute, "-n", namespace, "describe", "hpa", "user-api")
			t.Fatalf("user-api's HPA did not settle at 1 replica within 5 min:\n%s", out)
		}
		time.Sleep(2 * time.Second)
	}
	c.waitPodsGone(t, "user-api", time.Minute)
	t.Logf("user-api's HPA back at 1 replica %s after the overlay was applied again", time.Since(settle).Round(time.Second))

	start := time.Now()
	burst := load.StartBurst(api, 12, "/v1/products?page=1&pageSize=100")
	var up time.Duration
	for deadline := time.Now().Add(5 * time.Minute); ; {
		if replicas() >= 2 {
			up = time.Since(start)
			break
		}
		if time.Now().After(deadline) {
			out, _ := c.run(time.Minute, "-n", namespace, "describe", "hpa", "user-api")
			counts := burst.Stop()
			t.Fatalf("user-api's HPA did not scale up within 5 min of the burst (%s):\n%s", counts, out)
		}
		time.Sleep(2 * time.Second)
	}
	time.Sleep(5 * time.Second)
	scaled := replicas()
	top, _ := c.run(time.Minute, "-n", namespace, "top", "pods", "-l", "app.kubernetes.io/name=user-api")
	// An apply of the overlay must leave the HPA's count alone: the count
	// does not fall, and kubectl's apply does not own it. (The HPA may raise
	// it meanwhile: the burst goes on.)
	c.must(t, 2*time.Minute, "apply", "-k", "deploy/k8s/overlays/dev")
	if after := replicas(); after < scaled {
		t.Errorf("kubectl apply -k set user-api from the HPA's %d replicas to %d", scaled, after)
	}
	owners := c.must(t, time.Minute, "-n", namespace, "get", "deployment", "user-api", "--show-managed-fields", "-o",
		`jsonpath={range .metadata.managedFields[*]}{.manager}={.fieldsV1.f:spec.f:replicas}{"\n"}{end}`)
	for _, line := range strings.Split(owners, "\n") {
		if m, owned, _ := strings.Cut(line, "="); strings.HasPrefix(m, "kubectl") && owned != "" {
			t.Errorf("after kubectl apply -k, %s owns user-api's spec.replicas: a later apply would reset the HPA's count", m)
		}
	}
	counts := burst.Stop()
	t.Logf("user-api scaled to %d replicas %s into the burst (%s); kubectl top:\n%s", scaled, up.Round(time.Second), counts, top)
	f.add(fmt.Sprintf("HPA: user-api 1 → %d under a burst", scaled), up, counts, "re-apply kept "+strconv.Itoa(replicas()))
	down := time.Now()
	for deadline := time.Now().Add(6 * time.Minute); ; {
		if cur, desired := hpaReplicas(); cur == 1 && desired == 1 && replicas() == 1 {
			break
		}
		if time.Now().After(deadline) {
			out, _ := c.run(time.Minute, "-n", namespace, "describe", "hpa", "user-api")
			t.Fatalf("user-api's HPA did not scale back down within 6 min of the burst's end:\n%s", out)
		}
		time.Sleep(2 * time.Second)
	}
	f.add("HPA: user-api back to 1 after the burst", time.Since(down), load.Counts{}, "")
}

// e2eScope is what KUBE_E2E asks for: "all" (the default) or "core".
func e2eScope(t *testing.T) string {
	switch s := os.Getenv("KUBE_E2E"); s {
	case "", "all":
		return "all"
	case "core":
		return "core"
	default:
		t.Fatalf("KUBE_E2E=%q: want all (the default) or core", s)
		return ""
	}
}
