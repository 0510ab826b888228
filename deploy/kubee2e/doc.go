// Package kubee2e runs the suite on the real single-node cluster of make kube-up
// (deploy/kube/up.sh) and drives it: `make kube-e2e`. It applies the dev overlay
// as docs/deploy.md tells an operator, waits until every Deployment and
// StatefulSet is Ready, runs the README's walkthrough against user-api through
// `kubectl port-forward`, and shows that the cluster enforces NetworkPolicies.
// Built only with the tag kubee2e, so `make deploy-test` neither runs nor needs
// a cluster.
package kubee2e
