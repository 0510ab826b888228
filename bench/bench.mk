## ---- benchmarks -----------------------------------------------------------
# Included by the top-level Makefile. The harness is a Go module of its own
# (bench/go.mod), kept out of go.work so that vegeta's dependencies never
# enter the services' build list; hence GOWORK=off.

# Flags of the harness, e.g. BENCHFLAGS='-quick -scenarios me,orders' or
# BENCHFLAGS=-profile (see `cd bench && GOWORK=off go run ./cmd/bench -h`).
BENCHFLAGS ?=

.PHONY: bench
bench: stack-up ## measure the suite against floors measured in the same run (docs/performance.md); not part of make test
	cd bench && GOWORK=off go run ./cmd/bench -command "make bench$(if $(strip $(BENCHFLAGS)), BENCHFLAGS='$(BENCHFLAGS)')" $(BENCHFLAGS)

.PHONY: bench-test
bench-test: ## unit tests of the benchmark harness
	cd bench && GOWORK=off go test -count=1 ./...
