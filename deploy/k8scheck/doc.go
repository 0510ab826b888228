// Package k8scheck holds the static checks of the Kubernetes manifests in
// deploy/k8s. Its tests build every overlay with the kustomize API (what
// kubectl apply -k runs), decode every object strictly into its typed
// Kubernetes struct, and hold the result against what the services' own
// configs read (package suite) and against the suite's rules: probes,
// resources, a restricted securityContext, graceful shutdown, autoscaling,
// disruption budgets, and network policies that let each pod reach exactly
// what the architecture says (package-level evaluator in netpol.go).
package k8scheck
