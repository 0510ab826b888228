// Package clustercheck applies every Kubernetes overlay (dev, prod, prod with
// the tracing component) to a real kube-apiserver with its controllers
// (internal/kube), the way docs/deploy.md tells an operator to, and checks
// what only a server shows: server-side dry run accepts every object without a
// warning; the controllers create every pod under the restricted Pod Security
// Standard with no FailedCreate; the HPAs own the replica count, so that a
// client-side or a server-side re-apply after a scale through the scale
// subresource leaves it alone; a Running but unready pod may be evicted
// despite its PDB; kubectl diff is clean after an apply and a second apply
// changes nothing.
package clustercheck
