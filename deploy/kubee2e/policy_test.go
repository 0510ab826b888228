//go:build kubee2e

package kubee2e

import (
	"strings"
	"testing"
	"time"
)

// policyNamespace is the scratch namespace of TestNetworkPolicyEnforced.
const policyNamespace = "zsuite-netpol-check"

// TestNetworkPolicyEnforced shows that the cluster's pod network enforces
// NetworkPolicies (kube-router beside the CNI bridge; a plain bridge would let
// everything through): a client pod reaches a server pod; a default-deny
// policy on the server's namespace refuses that connection; a policy that
// admits the client by its label lets it through again, and still not a pod
// without that label. The pods run the stand-in redis image make kube-up
// imported (redis-server and redis-cli).
func TestNetworkPolicyEnforced(t *testing.T) {
	c := connect(t)
	const image = "docker.io/library/redis:7.4-alpine"
	c.must(t, 3*time.Minute, "delete", "namespace", policyNamespace, "--ignore-not-found", "--wait=true")
	c.must(t, time.Minute, "create", "namespace", policyNamespace)
	t.Cleanup(func() { c.deleteNamespace(t, policyNamespace) })
	pod := func(name, role string, args ...string) {
		c.must(t, time.Minute, append([]string{"-n", policyNamespace, "run", name, "--image=" + image,
			"--image-pull-policy=Never", "--labels=role=" + role, "--restart=Never", "--command", "--"}, args...)...)
	}
	pod("server", "server", "redis-server", "--protected-mode", "no", "--save", "", "--dir", "/tmp")
	pod("client", "client", "sleep", "3600")
	pod("stranger", "stranger", "sleep", "3600")
	c.must(t, 3*time.Minute, "-n", policyNamespace, "wait", "--for=condition=Ready", "pod/server", "pod/client", "pod/stranger", "--timeout=170s")
	ip := strings.TrimSpace(c.must(t, time.Minute, "-n", policyNamespace, "get", "pod", "server", "-o", "jsonpath={.status.podIP}"))

	ping := func(from string) bool {
		out, err := c.run(30*time.Second, "-n", policyNamespace, "exec", from, "--",
			"timeout", "3", "redis-cli", "-h", ip, "ping")
		return err == nil && strings.Contains(out, "PONG")
	}
	// within waits until ping from `from` gives want: the policy agent applies
	// a change within a few seconds.
	within := func(from string, want bool, what string) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for ping(from) != want {
			if time.Now().After(deadline) {
				t.Fatalf("%s: after 30s, %s reaching the server is %v, want %v", what, from, !want, want)
			}
			time.Sleep(time.Second)
		}
	}
	within("client", true, "no policy")
	within("stranger", true, "no policy")

	c.mustApply(t, `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: `+policyNamespace+`}
spec:
  podSelector: {}
  policyTypes: [Ingress]
`)
	start := time.Now()
	within("client", false, "default-deny")
	t.Logf("default-deny refused the connection %s after it was applied", time.Since(start).Round(100*time.Millisecond))
	within("stranger", false, "default-deny")

	c.mustApply(t, `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: server-from-client, namespace: `+policyNamespace+`}
spec:
  podSelector: {matchLabels: {role: server}}
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {matchLabels: {role: client}}}]
      ports: [{port: 6379, protocol: TCP}]
`)
	within("client", true, "default-deny and server-from-client")
	if ping("stranger") {
		t.Fatal("default-deny and server-from-client: a pod without role=client reaches the server")
	}
}

func (c *cluster) mustApply(t *testing.T, manifest string) {
	t.Helper()
	cmd := c.cmd(time.Minute, "apply", "-f", "-")
	cmd.Stdin = strings.NewReader(manifest)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("kubectl apply: %v\n%s", err, out)
	}
}
