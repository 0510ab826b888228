// Command profsummary sums CPU profiles up by component (see
// internal/profsum), e.g. the ones `make bench BENCHFLAGS=-profile` takes:
//
//	cd bench && GOWORK=off go run ./cmd/profsummary results/profiles-*/orders-*.pprof
//
// With -per-request N (CPU milliseconds per request of the service, from the
// run's table), it also prints each component's milliseconds per request.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/google/pprof/profile"

	"github.com/zsuite/bench/internal/profsum"
)

func main() {
	perRequest := flag.Float64("per-request", 0, "the service's CPU milliseconds per request, to split by component")
	flag.Parse()
	for _, path := range flag.Args() {
		f, err := os.Open(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		p, err := profile.Parse(f)
		_ = f.Close()
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", path, err)
			os.Exit(1)
		}
		fmt.Printf("%s (%.0f s of samples)\n", path, float64(p.DurationNanos)/1e9)
		for _, s := range profsum.Summarize(p) {
			if *perRequest > 0 {
				fmt.Printf("  %5.1f%%  %6.3f ms/req  %s\n", 100*s.Fraction, s.Fraction**perRequest, s.Component)
			} else {
				fmt.Printf("  %5.1f%%  %6.2f s  %s\n", 100*s.Fraction, s.Seconds, s.Component)
			}
		}
	}
}
