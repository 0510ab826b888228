//go:build kubee2e

package kubee2e

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// clientNamespace holds the two client pods of checkClientAddresses.
const clientNamespace = "zsuite-clients"

// checkClientAddresses shows that behind the gateway each client is limited
// by its own address: two client pods (the stand-in redis image, sleeping; the
// requests are sent by the node's curl inside each pod's network namespace)
// call the catalogue through the gateway's Service, as anonymous clients.
//
//  1. B's first requests pass: its bucket is full.
//  2. A sends far more than the dev overlay's anonymous burst, every request
//     naming B in its own X-Forwarded-For: A is limited (429).
//  3. B's requests still pass: A's requests, whatever they claimed, were not
//     counted in B's bucket.
//  4. A, without the header, is still limited: they were counted in A's.
//  5. The gateway's access log names each request's client by its address:
//     A's 180 requests as A's, B's 10 as B's, whatever A's header said.
func (c *cluster) checkClientAddresses(t *testing.T) {
	t.Helper()
	c.must(t, 3*time.Minute, "delete", "namespace", clientNamespace, "--ignore-not-found", "--wait=true")
	c.must(t, time.Minute, "create", "namespace", clientNamespace)
	t.Cleanup(func() { c.deleteNamespace(t, clientNamespace) })
	for _, name := range []string{"client-a", "client-b"} {
		c.must(t, time.Minute, "-n", clientNamespace, "run", name, "--image=docker.io/library/redis:7.4-alpine",
			"--image-pull-policy=Never", "--restart=Never", "--command", "--", "sleep", "3600")
	}
	c.must(t, 3*time.Minute, "-n", clientNamespace, "wait", "--for=condition=Ready", "pod/client-a", "pod/client-b", "--timeout=170s")
	tasks := c.tasks(t)
	pid := func(pod string) (pid, ip string) {
		id := strings.TrimPrefix(strings.TrimSpace(c.must(t, time.Minute, "-n", clientNamespace, "get", "pod", pod,
			"-o", "jsonpath={.status.containerStatuses[0].containerID}")), "containerd://")
		ip = strings.TrimSpace(c.must(t, time.Minute, "-n", clientNamespace, "get", "pod", pod, "-o", "jsonpath={.status.podIP}"))
		if tasks[id] == "" {
			t.Fatalf("no running task of pod %s (%s)", pod, id)
		}
		return tasks[id], ip
	}
	pidA, ipA := pid("client-a")
	pidB, ipB := pid("client-b")
	gateway := strings.TrimSpace(c.must(t, time.Minute, "-n", namespace, "get", "svc", "gateway", "-o", "jsonpath={.spec.clusterIP}"))

	// send sends n requests from the pod of pid over one connection and
	// returns how many answered 200 and how many 429.
	send := func(pid string, n int, header ...string) (ok, limited int) {
		t.Helper()
		args := []string{"-t", pid, "-n", "curl", "-s", "-w", "%{http_code}\\n", "-H", "Host: " + devHost}
		for _, h := range header {
			args = append(args, "-H", h)
		}
		for range n {
			args = append(args, "-o", "/dev/null", fmt.Sprintf("http://%s/v1/products?page=1&pageSize=1", gateway))
		}
		out, err := exec.Command("nsenter", args...).Output()
		if err != nil {
			t.Fatalf("curl from the pod of %s: %v", pid, err)
		}
		for _, code := range strings.Fields(string(out)) {
			switch code {
			case "200":
				ok++
			case "429":
				limited++
			default:
				t.Fatalf("the gateway answered %s", code)
			}
		}
		return ok, limited
	}

	if ok, _ := send(pidB, 5); ok != 5 {
		t.Fatalf("B (%s): %d of its first 5 requests passed, want 5", ipB, ok)
	}
	okA, limitedA := send(pidA, 150, "X-Forwarded-For: "+ipB)
	if limitedA == 0 {
		t.Fatalf("A (%s) sent 150 requests at once naming B in X-Forwarded-For and none was limited", ipA)
	}
	if ok, limited := send(pidB, 5); limited > 0 {
		t.Fatalf("B (%s): %d of 5 requests limited (%d passed) right after A's requests that named B: they were counted in B's bucket (the clients share one, or A chose B's)", ipB, limited, ok)
	}
	if _, limited := send(pidA, 30); limited == 0 {
		t.Fatalf("A (%s): none of 30 requests limited right after it used up its bucket: its requests were counted elsewhere", ipA)
	}
	t.Logf("through the gateway: A (%s) naming B in X-Forwarded-For had %d of 150 requests pass and %d limited; B (%s) was never limited; A stayed limited",
		ipA, okA, limitedA, ipB)

	// The access log: Traefik writes one JSON line per request to stdout.
	var byClient map[string]int
	deadline := time.Now().Add(30 * time.Second)
	for {
		byClient = map[string]int{}
		logs := c.must(t, time.Minute, "-n", namespace, "logs", "-l", "app.kubernetes.io/name="+gatewayName,
			"--tail=-1", "--max-log-requests=10", "--prefix=false")
		for _, line := range strings.Split(logs, "\n") {
			var entry struct {
				ClientHost, RequestPath string
			}
			if json.Unmarshal([]byte(line), &entry) == nil && strings.HasPrefix(entry.RequestPath, "/v1/products") {
				byClient[entry.ClientHost]++
			}
		}
		if byClient[ipA] >= 180 && byClient[ipB] >= 10 || time.Now().After(deadline) {
			break
		}
		time.Sleep(2 * time.Second)
	}
	if byClient[ipA] != 180 || byClient[ipB] != 10 {
		t.Fatalf("the gateway's access log has %d requests of A (%s), want 180, and %d of B (%s), want 10: %v", byClient[ipA], ipA, byClient[ipB], ipB, byClient)
	}
	t.Logf("the gateway's access log: A's 180 requests as %s, B's 10 as %s", ipA, ipB)
}
