package k8scheck

import (
	"fmt"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// A pod IP for the downward API's status.podIP.
const podIP = "10.244.1.23"

// env returns the environment container c starts with: envFrom in order
// (later sources win), then env (which wins over envFrom), as the kubelet
// builds it. A reference to something the build does not hold is an error.
func (b *Build) env(t *testing.T, c corev1.Container) map[string]string {
	t.Helper()
	env := map[string]string{}
	for _, from := range c.EnvFrom {
		switch {
		case from.ConfigMapRef != nil:
			cm, ok := b.configMap(from.ConfigMapRef.Name)
			if !ok {
				t.Errorf("%s: envFrom ConfigMap %s is not in the build", c.Name, from.ConfigMapRef.Name)
			}
			for k, v := range cm.Data {
				env[from.Prefix+k] = v
			}
		case from.SecretRef != nil:
			data, ok := b.secretData(t, from.SecretRef.Name)
			if !ok {
				t.Errorf("%s: envFrom Secret %s is neither in the build nor documented in %s/secrets.example/", c.Name, from.SecretRef.Name, b.Dir)
			}
			for k, v := range data {
				env[from.Prefix+k] = v
			}
		}
	}
	for _, e := range c.Env {
		switch vf := e.ValueFrom; {
		case vf == nil:
			env[e.Name] = e.Value
		case vf.FieldRef != nil && vf.FieldRef.FieldPath == "status.podIP":
			env[e.Name] = podIP
		case vf.ConfigMapKeyRef != nil:
			cm, _ := b.configMap(vf.ConfigMapKeyRef.Name)
			v, ok := cm.Data[vf.ConfigMapKeyRef.Key]
			if !ok {
				t.Errorf("%s: %s from ConfigMap %s key %s, which is not there", c.Name, e.Name, vf.ConfigMapKeyRef.Name, vf.ConfigMapKeyRef.Key)
			}
			env[e.Name] = v
		case vf.SecretKeyRef != nil:
			data, _ := b.secretData(t, vf.SecretKeyRef.Name)
			v, ok := data[vf.SecretKeyRef.Key]
			if !ok {
				t.Errorf("%s: %s from Secret %s key %s, which is not there", c.Name, e.Name, vf.SecretKeyRef.Name, vf.SecretKeyRef.Key)
			}
			env[e.Name] = v
		default:
			t.Errorf("%s: %s comes from %+v, which these checks do not resolve", c.Name, e.Name, vf)
		}
	}
	return env
}

// portNumber resolves a probe's or a Service's target port against c.
func portNumber(c corev1.Container, p intstr.IntOrString) (int32, error) {
	if p.Type == intstr.Int {
		return p.IntVal, nil
	}
	for _, cp := range c.Ports {
		if cp.Name == p.StrVal {
			return cp.ContainerPort, nil
		}
	}
	return 0, fmt.Errorf("%s has no port named %q", c.Name, p.StrVal)
}

// namedPort returns the container port named name.
func namedPort(c corev1.Container, name string) int32 {
	for _, cp := range c.Ports {
		if cp.Name == name {
			return cp.ContainerPort
		}
	}
	return 0
}

// checkHTTPProbe checks that p GETs path on port.
func checkHTTPProbe(t *testing.T, what string, c corev1.Container, p *corev1.Probe, path string, port int) {
	t.Helper()
	if p == nil || p.HTTPGet == nil {
		t.Errorf("%s: no %s httpGet probe", c.Name, what)
		return
	}
	got, err := portNumber(c, p.HTTPGet.Port)
	if err != nil {
		t.Errorf("%s probe: %v", what, err)
	}
	if p.HTTPGet.Path != path || int(got) != port {
		t.Errorf("%s: %s probe GETs %s on %d; the config serves it at %s on %d", c.Name, what, p.HTTPGet.Path, got, path, port)
	}
}

// checkLockedDown checks the restricted Pod Security Standard and more: no
// root, no privilege escalation, no capabilities, the runtime's seccomp
// profile, a read-only root filesystem, no service account token (but the
// gateway's: Traefik watches its Gateway and routes through the API server,
// with the Role of base/gateway.yaml, which TestGateway checks).
func checkLockedDown(t *testing.T, name string, spec corev1.PodSpec) {
	t.Helper()
	psc := spec.SecurityContext
	if psc == nil {
		psc = &corev1.PodSecurityContext{}
	}
	if spec.HostNetwork || spec.HostPID || spec.HostIPC {
		t.Errorf("%s shares a host namespace", name)
	}
	if name == gatewayName {
		if spec.AutomountServiceAccountToken == nil || !*spec.AutomountServiceAccountToken {
			t.Errorf("%s: its service account token is not mounted, and Traefik cannot watch its Gateway", name)
		}
	} else if spec.AutomountServiceAccountToken == nil || *spec.AutomountServiceAccountToken {
		t.Errorf("%s mounts a service account token it has no use for", name)
	}
	for _, c := range append(append([]corev1.Container{}, spec.InitContainers...), spec.Containers...) {
		sc := c.SecurityContext
		if sc == nil {
			t.Errorf("%s/%s: no securityContext", name, c.Name)
			continue
		}
		nonRoot := (sc.RunAsNonRoot != nil && *sc.RunAsNonRoot) || (sc.RunAsNonRoot == nil && psc.RunAsNonRoot != nil && *psc.RunAsNonRoot)
		if !nonRoot {
			t.Errorf("%s/%s: runAsNonRoot is not true", name, c.Name)
		}
		if (sc.RunAsUser != nil && *sc.RunAsUser == 0) || (psc.RunAsUser != nil && *psc.RunAsUser == 0) {
			t.Errorf("%s/%s: runs as user 0", name, c.Name)
		}
		seccomp := sc.SeccompProfile
		if seccomp == nil {
			seccomp = psc.SeccompProfile
		}
		if seccomp == nil || seccomp.Type != corev1.SeccompProfileTypeRuntimeDefault {
			t.Errorf("%s/%s: seccompProfile is not RuntimeDefault", name, c.Name)
		}
		if sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
			t.Errorf("%s/%s: allowPrivilegeEscalation is not false", name, c.Name)
		}
		if sc.Privileged != nil && *sc.Privileged {
			t.Errorf("%s/%s: privileged", name, c.Name)
		}
		if sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem {
			t.Errorf("%s/%s: readOnlyRootFilesystem is not true", name, c.Name)
		}
		if sc.Capabilities == nil || len(sc.Capabilities.Drop) != 1 || sc.Capabilities.Drop[0] != "ALL" || len(sc.Capabilities.Add) > 0 {
			t.Errorf("%s/%s: capabilities %+v, want drop [ALL] and nothing added", name, c.Name, sc.Capabilities)
		}
	}
}

// checkResources checks that every container asks for CPU and memory and is
// limited in both, within what it asks.
func checkResources(t *testing.T, name string, spec corev1.PodSpec) {
	t.Helper()
	for _, c := range spec.Containers {
		for _, r := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
			req, hasReq := c.Resources.Requests[r]
			lim, hasLim := c.Resources.Limits[r]
			if !hasReq || !hasLim {
				t.Errorf("%s/%s: no %s request or limit", name, c.Name, r)
				continue
			}
			if req.Cmp(lim) > 0 {
				t.Errorf("%s/%s: %s request %s over its limit %s", name, c.Name, r, req.String(), lim.String())
			}
		}
	}
}
