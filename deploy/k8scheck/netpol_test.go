package k8scheck

import (
	"slices"
	"testing"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"sigs.k8s.io/yaml"
)

// The evaluator against the cases of the NetworkPolicy API reference.
func TestPolicies(t *testing.T) {
	var ps Policies
	for _, doc := range []string{`
metadata: {name: deny, namespace: app}
spec: {podSelector: {}, policyTypes: [Ingress, Egress]}`, `
metadata: {name: db, namespace: app}
spec:
  podSelector: {matchLabels: {role: db}}
  ingress:
    - from:
        - podSelector: {matchLabels: {role: api}}
        - namespaceSelector: {matchLabels: {team: ops}}
          podSelector: {matchLabels: {role: backup}}
      ports: [{port: pg}]`, `
metadata: {name: api, namespace: app}
spec:
  podSelector: {matchLabels: {role: api}}
  policyTypes: [Egress]
  egress:
    - to: [{podSelector: {matchLabels: {role: db}}}]
      ports: [{port: 5000, endPort: 5432}]
    - to: [{ipBlock: {cidr: 10.0.0.0/8}}]
      ports: [{port: 443}]`, `
metadata: {name: open, namespace: app}
spec:
  podSelector: {matchLabels: {role: open}}
  ingress: [{}]`} {
		var p networkingv1.NetworkPolicy
		if err := yaml.UnmarshalStrict([]byte(doc), &p); err != nil {
			t.Fatal(err)
		}
		ps = append(ps, p)
	}
	ns := func(name string, l ...string) map[string]string {
		m := map[string]string{"kubernetes.io/metadata.name": name}
		for i := 0; i+1 < len(l); i += 2 {
			m[l[i]] = l[i+1]
		}
		return m
	}
	db := Pod{Name: "db", Namespace: "app", NamespaceLabels: ns("app"), Labels: map[string]string{"role": "db"},
		Ports: []corev1.ContainerPort{{Name: "pg", ContainerPort: 5432}, {Name: "admin", ContainerPort: 8080}}}
	api := Pod{Name: "api", Namespace: "app", NamespaceLabels: ns("app"), Labels: map[string]string{"role": "api"}}
	web := Pod{Name: "web", Namespace: "app", NamespaceLabels: ns("app"), Labels: map[string]string{"role": "web"}}
	open := Pod{Name: "open", Namespace: "app", NamespaceLabels: ns("app"), Labels: map[string]string{"role": "open"}, Ports: []corev1.ContainerPort{{ContainerPort: 80}}}
	backup := Pod{Name: "backup", Namespace: "ops", NamespaceLabels: ns("ops", "team", "ops"), Labels: map[string]string{"role": "backup"}}
	otherBackup := Pod{Name: "backup2", Namespace: "dev", NamespaceLabels: ns("dev"), Labels: map[string]string{"role": "backup"}}
	opsWeb := Pod{Name: "opsweb", Namespace: "ops", NamespaceLabels: ns("ops", "team", "ops"), Labels: map[string]string{"role": "web"}}

	for _, tc := range []struct {
		from, to Pod
		port     int32
		proto    corev1.Protocol
		want     bool
	}{
		{api, db, 5432, corev1.ProtocolTCP, true},    // egress range 5000-5432, ingress named port pg
		{api, db, 8080, corev1.ProtocolTCP, false},   // outside both
		{api, db, 5432, corev1.ProtocolUDP, false},   // protocol defaults to TCP
		{web, db, 5432, corev1.ProtocolTCP, false},   // web's egress is denied by default
		{backup, db, 5432, corev1.ProtocolTCP, true}, // namespace AND pod selector
		{otherBackup, db, 5432, corev1.ProtocolTCP, false},
		{opsWeb, db, 5432, corev1.ProtocolTCP, false}, // right namespace, wrong pod
		{backup, open, 80, corev1.ProtocolTCP, true},  // an empty rule allows all, and backup is not isolated
		{db, api, 80, corev1.ProtocolTCP, false},      // db may send nothing
		{api, open, 80, corev1.ProtocolTCP, false},    // api may reach only db (and 10/8:443)
	} {
		if got := ps.Allowed(tc.from, tc.to, tc.port, tc.proto); got != tc.want {
			t.Errorf("%s -> %s:%d/%s = %v, want %v", tc.from.Name, tc.to.Name, tc.port, tc.proto, got, tc.want)
		}
	}
	if got := ps.IPBlockEgress(api); len(got) != 1 || !slices.Equal(got["10.0.0.0/8"], []int32{443}) {
		t.Errorf("IPBlockEgress(api) = %v", got)
	}
}
