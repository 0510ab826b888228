## ---- contracts ------------------------------------------------------------
# The definitions are the promise to clients. `make gen` also writes the
# OpenAPI 3 document (docs/openapi.yaml, served by user-api at /openapi.yaml)
# and the TypeScript types of clients/ts; `make contract-check` fails when a
# definition breaks a client of the last released contract, which is the copy
# in contracts/baseline/ (moved on purpose by `make contract-baseline`).
#
# buf, oasdiff and the converter (kin-openapi) are pinned in contracts/go.mod,
# a module outside go.work so that their dependencies never enter the
# services' build list; hence GOWORK=off. openapi-typescript, openapi-fetch
# and tsc are pinned in clients/ts/package-lock.json.

CONTRACTS_GO := GOWORK=off go -C $(ROOT)/contracts
BASELINE := contracts/baseline
TS := clients/ts

# The Swagger document comes first, then its OpenAPI 3 form, then the types.
gen: gen-openapi gen-ts

.PHONY: gen-openapi
gen-openapi: gen-swagger ## the OpenAPI 3 document docs/openapi.yaml (and user-api's embedded copy) from goctl's Swagger and user.api
	@echo "openapi2conv docs/openapi.json + user-api/user.api -> docs/openapi.yaml"
	@$(CONTRACTS_GO) run ./cmd/openapi3 -api $(ROOT)/user-api/user.api -swagger $(ROOT)/docs/openapi.json \
	  -out $(ROOT)/docs/openapi.yaml -out $(ROOT)/user-api/internal/apidoc/openapi.yaml

.PHONY: gen-ts
gen-ts: gen-openapi ts-deps ## TypeScript types of user-api (clients/ts/src/schema.d.ts) from docs/openapi.yaml
	@echo "openapi-typescript docs/openapi.yaml -> $(TS)/src/schema.d.ts"
	@cd $(TS) && npm run --silent gen >/dev/null

# Node and npm: the machine's, or Debian's when there are none.
.PHONY: ts-deps
ts-deps: $(TS)/node_modules/.package-lock.json ## install Node (apt, when missing) and clients/ts's pinned packages (npm ci)

$(TS)/node_modules/.package-lock.json: $(TS)/package.json $(TS)/package-lock.json
	@command -v npm >/dev/null || { echo "installing nodejs and npm (apt)"; \
	  $$( [ "$$(id -u)" = 0 ] || echo sudo ) env DEBIAN_FRONTEND=noninteractive apt-get update -qq; \
	  $$( [ "$$(id -u)" = 0 ] || echo sudo ) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null; }
	@echo "npm ci in $(TS)"
	@cd $(TS) && npm ci --no-audit --no-fund --loglevel=error

.PHONY: contract-check
contract-check: ts-deps ## fail when a .proto or the HTTP API breaks clients of contracts/baseline; type-check the TypeScript client
	@echo "buf breaking proto/ against $(BASELINE)/proto"
	@cd proto && $$($(CONTRACTS_GO) tool -n buf) breaking --against $(ROOT)/$(BASELINE)/proto \
	  || { echo "the RPC contracts break clients of $(BASELINE)/proto (above); see README: Contracts"; exit 1; }
	@echo "oasdiff breaking $(BASELINE)/openapi.yaml docs/openapi.yaml"
	@$$($(CONTRACTS_GO) tool -n oasdiff) breaking $(BASELINE)/openapi.yaml docs/openapi.yaml --fail-on WARN --format singleline \
	  || { echo "the HTTP API breaks clients of $(BASELINE)/openapi.yaml (above); see README: Contracts"; exit 1; }
	@echo "tsc: the TypeScript client against the generated types"
	@cd $(TS) && npm run --silent build
	@echo "no contract breaks its clients"

.PHONY: contract-baseline
contract-baseline: ## make the current .proto files and docs/openapi.yaml the released contract that contract-check compares against
	@rm -rf $(BASELINE) && mkdir -p $(BASELINE)/proto
	@cp proto/*.proto proto/buf.yaml $(BASELINE)/proto/
	@cp docs/openapi.yaml $(BASELINE)/openapi.yaml
	@echo "$(BASELINE) now holds the current contracts; commit it with the change that releases them"

.PHONY: contract-coverage
contract-coverage: ## show which (operation, status) pairs of docs/openapi.yaml the last end-to-end run exercised
	@cat .local/contract-coverage-e2e.test.txt 2>/dev/null || { echo "no report yet: run make test (or go test ./e2e/)"; exit 1; }

# make test also runs the converter's tests and needs Node for the smoke client
# (e2e/tsclient_test.go).
test: ts-deps contracts-test

.PHONY: contracts-test
contracts-test: ## unit tests of the OpenAPI converter (contracts/)
	$(CONTRACTS_GO) test -count=1 ./...
