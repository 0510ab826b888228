// Command newservice scaffolds a data-owning RPC service into the suite: what
// `make new-service NAME=<name>` runs before `make gen`. It writes what a
// developer owns (proto/<name>.proto, the hand-written files of <name>-rpc:
// main, config, service context, logic, model, migrations, tests; its
// Kubernetes manifest deploy/k8s/base/<name>-rpc.yaml and the example of its
// production secrets) from templates/, and its line in deploy/topology (ports,
// stores). make gen renders everything else that lists the services from the
// topology (go.work, compose, the Kubernetes kustomizations and stores,
// Prometheus, deploy/go.mod; testkit/render), and goctl generates the gRPC
// code, the server, the client and the model. Writing those files and the line
// by hand, then make gen, gives the same tree (scaffold_test.go).
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/zsuite/testkit/stack"
)

func main() {
	name := flag.String("name", "", "the new service: lower-case letters, e.g. payment (makes payment-rpc)")
	root := flag.String("root", "", "the repository root (default: the one holding the working directory)")
	flag.Parse()
	if *root == "" {
		r, err := stack.Root()
		if err != nil {
			fail(err)
		}
		*root = r
	}
	s, err := Scaffold(*root, *name)
	if err != nil {
		fail(err)
	}
	fmt.Printf("scaffolded %s: gRPC %d, dev %d, ready %d, Postgres %d (database %s), Redis %d\n",
		s.Svc, s.Port, s.Dev, s.Ready, s.PG, s.Database, s.Redis)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "new-service:", err)
	os.Exit(2)
}
