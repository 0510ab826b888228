// Package kubee2e runs the suite on the real single-node cluster of make kube-up
// (deploy/kube/up.sh) and drives it: `make kube-e2e`. It applies the dev overlay
// as docs/deploy.md tells an operator, waits until every Deployment and
// StatefulSet is Ready, runs the README's walkthrough through the gateway,
// shows each client limited by its own address and the cluster enforcing
// NetworkPolicies, and that no container restarted. Then, under a steady
// mixed load through the gateway's NodePort (deploy/internal/load): a rolling
// restart of every Deployment with no failed request; with KUBE_E2E=all (the
// default) also the loss of order-rpc's pod and of its Postgres, the eviction
// of every pod of the suite at two replicas each (the PDBs refusing a second
// disruption), and user-api's HPA scaling up and down; last, every
// acknowledged order is in the store and the stock balances. It prints the
// figures of each step, which docs/deploy.md keeps.
// Built only with the tag kubee2e, so `make deploy-test` neither runs nor needs
// a cluster.
package kubee2e
