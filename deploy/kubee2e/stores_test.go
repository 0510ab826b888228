//go:build kubee2e

package kubee2e

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	teststack "github.com/zsuite/testkit/stack"
)

// containerdSocket is make kube-up's containerd (deploy/kube/common.sh).
const containerdSocket = "/run/zsuite-kube/containerd.sock"

// checkStoresPrivate shows, from inside each service's pod and the gateway's
// (its network namespace, entered from the node: the images have no shell),
// that the suite's NetworkPolicies are enforced: a service opens its own
// Postgres and Redis and the shared etcd, and every other store refuses it;
// the gateway opens no store; only the gateway opens user-api's port.
func (c *cluster) checkStoresPrivate(t *testing.T) {
	t.Helper()
	var pods struct {
		Items []struct {
			Metadata struct {
				Name   string            `json:"name"`
				Labels map[string]string `json:"labels"`
			} `json:"metadata"`
			Status struct {
				PodIP             string `json:"podIP"`
				ContainerStatuses []struct {
					ContainerID string `json:"containerID"`
				} `json:"containerStatuses"`
			} `json:"status"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(c.must(t, time.Minute, "-n", namespace, "get", "pods", "-o", "json")), &pods); err != nil {
		t.Fatal(err)
	}
	type store struct{ pod, ip, port string }
	var stores []store
	services := map[string]string{} // service -> the pid of its container
	ips := map[string]string{}      // service -> its pod's address
	tasks := c.tasks(t)
	for _, p := range pods.Items {
		name := p.Metadata.Name
		switch {
		case strings.HasSuffix(name, "-postgres-0"):
			stores = append(stores, store{name, p.Status.PodIP, "5432"})
		case strings.HasSuffix(name, "-redis-0"):
			stores = append(stores, store{name, p.Status.PodIP, "6379"})
		case name == "etcd-0":
			stores = append(stores, store{name, p.Status.PodIP, "2379"})
		default:
			svc := p.Metadata.Labels["app.kubernetes.io/name"]
			if len(p.Status.ContainerStatuses) == 0 || svc == "" {
				continue
			}
			id := strings.TrimPrefix(p.Status.ContainerStatuses[0].ContainerID, "containerd://")
			if pid := tasks[id]; pid != "" {
				services[svc] = pid
				ips[svc] = p.Status.PodIP
			}
		}
	}
	topology, err := teststack.Services()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := services[gatewayName]; len(services) != len(topology)+1 || !ok || len(stores) != 8 {
		t.Fatalf("found the services %v and %d stores; want the %d of deploy/topology, the gateway and eight stores", services, len(stores), len(topology))
	}
	// A refused connection is a dropped SYN: each try waits its 3 s, all at once.
	var wg sync.WaitGroup
	var mu sync.Mutex
	opened, refused := 0, 0
	for svc, pid := range services {
		for _, s := range stores {
			wg.Add(1)
			go func() {
				defer wg.Done()
				want := s.pod == "etcd-0" && svc != gatewayName || strings.HasPrefix(s.pod, svc+"-")
				got := exec.Command("nsenter", "-t", pid, "-n", "timeout", "3", "bash", "-c",
					fmt.Sprintf("</dev/tcp/%s/%s", s.ip, s.port)).Run() == nil
				if got != want {
					t.Errorf("%s -> %s (%s:%s): opens %v, want %v", svc, s.pod, s.ip, s.port, got, want)
				}
				mu.Lock()
				defer mu.Unlock()
				if got {
					opened++
				} else {
					refused++
				}
			}()
		}
	}
	// user-api's port, from every other pod: only the gateway's opens it.
	for svc, pid := range services {
		if svc == "user-api" {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			want := svc == gatewayName
			got := exec.Command("nsenter", "-t", pid, "-n", "timeout", "3", "bash", "-c",
				fmt.Sprintf("</dev/tcp/%s/8888", ips["user-api"])).Run() == nil
			if got != want {
				t.Errorf("%s -> user-api:8888: opens %v, want %v", svc, got, want)
			}
		}()
	}
	wg.Wait()
	t.Logf("from the %d pods (services, gateway) to the %d stores: %d connections opened (each its own stores, etcd), %d refused; user-api's port opened by the gateway only",
		len(services), len(stores), opened, refused)
}

// gatewayName is the gateway's app.kubernetes.io/name (deploy/k8s/base/gateway.yaml).
const gatewayName = "gateway"

// tasks maps each running container of the cluster to its process.
func (c *cluster) tasks(t *testing.T) map[string]string {
	t.Helper()
	out, err := exec.Command("ctr", "--address", containerdSocket, "-n", "k8s.io", "tasks", "ls").Output()
	if err != nil {
		t.Fatalf("ctr tasks ls (as root, on the node): %v", err)
	}
	m := map[string]string{}
	for _, line := range strings.Split(string(out), "\n")[1:] {
		if f := strings.Fields(line); len(f) >= 2 {
			m[f[0]] = f[1]
		}
	}
	return m
}
