# The front door. `make help` lists the targets.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

ROOT := $(CURDIR)
# goctl and the protoc plugins pinned in .tools/go.mod, run through `go tool`.
export PATH := $(ROOT)/.tools:$(PATH)
GOCTL := $(ROOT)/.tools/goctl
GOCTL_HOME := $(ROOT)/.tools/goctl-home
STACK := $(ROOT)/deploy/local/stack.sh
include deploy/local/ports.env

# The services, in the order they start, from deploy/topology (one line each:
# adding a service is adding its line there).
TOPOLOGY := deploy/topology
SERVICES := $(shell awk '!/^\#/ && NF {print $$1}' $(TOPOLOGY))
RPC_SERVICES := $(patsubst %-rpc,%,$(filter %-rpc,$(SERVICES)))
# The modules of go.work: the services, what they share, the test harness and
# the end-to-end tests.
MODULES := common testkit e2e $(SERVICES)
# go test flags; override e.g. TESTFLAGS='-run TestLogin -v'.
TESTFLAGS ?=
TEST_TIMEOUT ?= 30m
# Modules kept out of go.work (their dependencies stay out of the services'
# build list), each run with GOWORK=off.
OUTSIDE_MODULES := contracts bench deploy

.PHONY: help
help: ## list the targets
	@grep -hE '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  \033[1m%-14s\033[0m %s\n", $$1, $$2}'

## ---- running --------------------------------------------------------------

.PHONY: deps
deps: ## install what the native stack needs (apt: postgresql, redis-server, etcd-server, protobuf-compiler)
	@$(STACK) deps

.PHONY: run
run: ## start everything natively (infra + the services), in the foreground; Ctrl-C stops it
	@$(STACK) run

.PHONY: stack-up
stack-up: deps ## start only the local infrastructure (etcd, Postgres and Redis per service) in the background
	@$(STACK) up

.PHONY: stack-down
stack-down: ## stop the local infrastructure
	@$(STACK) down

.PHONY: status
status: ## show which local ports answer
	@$(STACK) status

.PHONY: clean
clean: ## stop the local infrastructure and wipe all local data (.local/)
	@$(STACK) clean

## ---- building and testing -------------------------------------------------

# The services find each other through etcd: no_k8s leaves out go-zero's
# Kubernetes resolver and client-go with it (binaries 103 -> 48 MB, about
# 20 MB less RSS per service). deploy/Dockerfile and testkit/stack.Build
# build with the same tags (TestBuildTagsLeaveKubernetesOut holds them to it).
BUILD_TAGS := no_k8s

.PHONY: build
build: ## build the services into .local/bin
	go build -tags $(BUILD_TAGS) -o .local/bin/ $(addprefix ./,$(SERVICES))

.PHONY: test
test: stack-up ## run every test of every module against the real local stack (starts it when needed), and the deploy checks
	go test -count=1 -timeout $(TEST_TIMEOUT) $(TESTFLAGS) $(addsuffix /...,$(addprefix ./,$(MODULES)))
	@$(MAKE) --no-print-directory deploy-test bench-test

# Without -count=1: go's test cache answers for a package nothing touched.
.PHONY: test-short
test-short: ## the quick loop: every module's pure tests (go test -short), in seconds, with nothing started
	go test -short $(TESTFLAGS) $(addsuffix /...,$(addprefix ./,$(MODULES)))
	@for m in $(OUTSIDE_MODULES); do echo "go test -short ./$$m/..."; (cd $$m && GOWORK=off go test -short $(TESTFLAGS) ./...); done

# A chaos run (e2e's TestChaos, docs/operations.md "Chaos"): SEED replays a
# schedule (a fresh seed otherwise, printed first), DURATION bounds the
# faults, FAULTS=3,7 keeps only those faults of the schedule.
SEED ?=
DURATION ?= 3m
FAULTS ?=
.PHONY: chaos
chaos: stack-up ## a seeded, time-bounded chaos run of the whole stack, then its invariants: make chaos [SEED=<n>] [DURATION=3m] [FAULTS=3,7] (docs/operations.md)
	CHAOS_SEED=$(SEED) CHAOS_DURATION=$(DURATION) CHAOS_FAULTS=$(FAULTS) go test -tags chaos -count=1 -timeout 3h -run '^TestChaos$$' -v ./e2e/

.PHONY: lint
lint: ## golangci-lint on every module, with the build tags of the container and cluster tests (composee2e, kubee2e) (.golangci.yml: govet, staticcheck, errcheck, gosec, ...; pinned in .tools/lint), fails on any finding
	@GOWORK=off go -C .tools/lint build -o $(ROOT)/.local/bin/golangci-lint github.com/golangci/golangci-lint/v2/cmd/golangci-lint
	.local/bin/golangci-lint run --build-tags chaos $(addsuffix /...,$(addprefix ./,$(MODULES)))
	@set -e; for m in $(OUTSIDE_MODULES); do echo "golangci-lint: $$m/"; (cd $$m && GOWORK=off $(ROOT)/.local/bin/golangci-lint run --config $(ROOT)/.golangci.yml --build-tags composee2e,kubee2e ./...); done

## ---- generation -----------------------------------------------------------

.PHONY: gen
gen: gen-topology gen-third-party gen-rpc gen-api gen-model gen-peer gen-swagger ## regenerate all code from deploy/topology, .api, .proto and migrations (and the config copies in deploy/k8s, go-zero's patched copy)
	@gofmt -l $(MODULES) | xargs -r gofmt -w

# Every list of the services outside the Makefile (go.work, compose, the
# Kubernetes base, overlays and stores, Prometheus, deploy/go.mod, ...): the
# sections between "BEGIN make gen: <template>" and "END make gen", rendered
# from deploy/topology by the templates in deploy/templates; and the copies of
# the services' etc/*.yaml in deploy/k8s/base/config (kustomize reads no file
# outside its folder). First, so that go.work holds a new service before goctl
# generates it.
.PHONY: gen-topology
gen-topology: ## the sections of deploy files that list the services (deploy/topology, deploy/templates), and deploy/k8s/base/config
	@go run ./testkit/cmd/gentopology

# go-zero with the fixes it has not released (third_party/patches/go-zero),
# which go.work puts in place of the module: laid out again from the module
# cache, so that gen-check holds it to upstream + the patches.
.PHONY: gen-third-party
gen-third-party: ## third_party/go-zero: go-zero at the required version + third_party/patches/go-zero
	@bash third_party/go-zero.sh

.PHONY: gen-rpc
gen-rpc: ## zrpc services and their clients from proto/*.proto
	@for s in $(RPC_SERVICES); do \
	  echo "goctl rpc protoc proto/$$s.proto -> $$s-rpc"; \
	  (cd $$s-rpc && $(GOCTL) rpc protoc ../proto/$$s.proto --proto_path=../proto \
	    --go_out=. --go_opt=module=github.com/zsuite/$$s-rpc \
	    --go-grpc_out=. --go-grpc_opt=module=github.com/zsuite/$$s-rpc \
	    --zrpc_out=. --style go_zero --home $(GOCTL_HOME) >/dev/null); \
	done

.PHONY: gen-api
gen-api: ## user-api from user-api/*.api
	@echo "goctl api go user-api/user.api -> user-api"
	@cd user-api && $(GOCTL) api go --api user.api --dir . --style go_zero --home $(GOCTL_HOME) >/dev/null

.PHONY: gen-swagger
gen-swagger: ## the OpenAPI document of user-api into docs/
	@echo "goctl api swagger user-api/user.api -> docs/openapi.json"
	@$(GOCTL) api swagger --api user-api/user.api --dir docs --filename openapi >/dev/null
	@# goctl stamps the time of generation; drop it so that a rerun changes nothing.
	@sed -i '/"x-date":/d' docs/openapi.json

# Models come from a scratch database migrated from the service's own
# migrations/, on that service's local Postgres; it is dropped afterwards. A
# Postgres that was not running is started for this and stopped after it.
.PHONY: gen-model
gen-model: deps ## Postgres models of each service from its migrations/
	@started=$$(mktemp); trap '$(STACK) stop-started "$$started"; rm -f "$$started"' EXIT; \
	STACK_STARTED=$$started $(STACK) up postgres; \
	while read -r svc _ _ _ _ port _ _ tables; do \
	  s=$${svc%-rpc}; base="postgres://$(PG_USER):$(PG_PASSWORD)@127.0.0.1:$$port"; \
	  echo "goctl model pg ($$tables) -> $$svc/internal/model"; \
	  PGPASSWORD=$(PG_PASSWORD) PGOPTIONS="-c client_min_messages=warning" psql -h 127.0.0.1 -p $$port -U $(PG_USER) -d postgres -qc "DROP DATABASE IF EXISTS gen_$$s WITH (FORCE)" -c "CREATE DATABASE gen_$$s" >/dev/null; \
	  go run ./common/cmd/migrate -dsn "$$base/gen_$$s?sslmode=disable" -dir $$svc/migrations >/dev/null; \
	  (cd $$svc && $(GOCTL) model pg datasource --url "$$base/gen_$$s?sslmode=disable" --table "$$tables" \
	    --dir internal/model --cache --style go_zero --home $(GOCTL_HOME) >/dev/null); \
	  if [ $$s = user ]; then echo "goctl model pg (users, stock templates) -> bench/peer/model"; \
	    (cd bench/peer && GOWORK=off $(GOCTL) model pg datasource --url "$$base/gen_$$s?sslmode=disable" --table users \
	      --dir model --cache --style go_zero >/dev/null); fi; \
	  PGPASSWORD=$(PG_PASSWORD) PGOPTIONS="-c client_min_messages=warning" psql -h 127.0.0.1 -p $$port -U $(PG_USER) -d postgres -qc "DROP DATABASE gen_$$s WITH (FORCE)" >/dev/null; \
	done < <(awk '!/^#/ && NF && $$6 != "-" && $$9 != "-"' $(TOPOLOGY))

# Scaffold a service: the tool writes what a developer owns and the service's
# line in deploy/topology; make gen (a new make, which reads the new topology)
# renders every list of the services from it and generates the rest; tidy
# settles the new module's requirements and those of deploy/, whose checks
# load its config.
.PHONY: new-service
new-service: ## scaffold a data-owning RPC service: make new-service NAME=payment (its own files and topology line, then make gen: proto, goctl module, migrations, model, config, stores, compose, Kubernetes, a test; README "Adding a service")
	@[ -n "$$NAME" ] || { echo "usage: make new-service NAME=<name>: lower-case letters, e.g. NAME=payment (makes payment-rpc)" >&2; exit 2; }
	@# NAME from the environment (make exports it), not spliced into the command: the tool validates it first.
	go run ./testkit/cmd/newservice -name "$$NAME"
	@$(MAKE) --no-print-directory gen
	cd $(NAME)-rpc && GOWORK=off go mod tidy
	cd deploy && GOWORK=off go mod tidy
	go build ./$(NAME)-rpc/...
	@echo "$(NAME)-rpc is ready: make run starts it, make test tests it; its example rpc is in proto/$(NAME).proto"

.PHONY: gen-check
gen-check: gen ## regenerate and fail when anything differs from what is committed
	@if ! git diff --quiet -- . || [ -n "$$(git ls-files --others --exclude-standard)" ]; then \
	  echo "make gen changed files; commit the regenerated code:"; git status --short; git diff --stat; exit 1; \
	fi
	@echo "generated code is up to date"

-include deploy/*.mk bench/*.mk contracts/*.mk clients/web/web.mk
