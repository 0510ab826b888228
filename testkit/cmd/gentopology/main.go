// Command gentopology renders, from deploy/topology, every section of the
// repository that lists the services (package render). make gen runs it
// first, so that go.work holds a new service before goctl generates it; make
// gen-check keeps the files in step with the topology.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/zsuite/testkit/render"
	"github.com/zsuite/testkit/stack"
)

func main() {
	rootFlag := flag.String("root", "", "the repository root (default: the one above the working directory)")
	flag.Parse()
	if err := run(*rootFlag); err != nil {
		fmt.Fprintln(os.Stderr, "gentopology:", err)
		os.Exit(1)
	}
}

func run(root string) error {
	if root == "" {
		r, err := stack.Root()
		if err != nil {
			return err
		}
		root = r
	}
	top, err := stack.ReadTopology(filepath.Join(root, "deploy", "topology"))
	if err != nil {
		return err
	}
	changed, err := render.All(root, top)
	if err != nil {
		return err
	}
	for _, f := range changed {
		fmt.Println("rendered", f, "from deploy/topology")
	}
	return nil
}
