// Command newservice scaffolds a data-owning RPC service into the suite: what
// `make new-service NAME=<name>` runs before `make gen`. It writes what a
// developer owns (proto/<name>.proto, the hand-written files of <name>-rpc:
// main, config, service context, logic, model, migrations, tests) from
// templates/, and registers the service wherever the suite lists its services:
// deploy/topology (ports, stores), go.work, the deploy checks' config loaders,
// the compose file, the Kubernetes base, overlays and in-cluster stores, the
// Prometheus scrape list and the image build context. goctl then generates
// the rest (make gen): the gRPC code, the server, the client and the model.
//
// Each registration copies what the first RPC service of the topology has in
// that file, under the new name, so that the new service is configured the
// way the others are; the edits fail, naming the file, when a file no longer
// looks the way they expect (scaffold_test.go runs them on the tree).
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
