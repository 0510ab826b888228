## ---- the storefront (clients/web) -----------------------------------------
# Included by the top-level Makefile. A small page on user-api (docs: README,
# "The storefront"), type-checked against the generated clients/ts schema and
# bundled by esbuild into clients/web/dist, which git ignores. Its packages are
# pinned by clients/web/package-lock.json; nothing but the npm registry is
# fetched.
WEB := clients/web

.PHONY: web-deps
web-deps: $(WEB)/node_modules/.package-lock.json ## install Node and Chromium (apt, when missing) and the storefront's pinned packages (npm ci)
	@command -v chromium >/dev/null || { echo "installing chromium (apt), for the storefront's browser test"; \
	  $$( [ "$$(id -u)" = 0 ] || echo sudo ) env DEBIAN_FRONTEND=noninteractive apt-get update -qq; \
	  $$( [ "$$(id -u)" = 0 ] || echo sudo ) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; }

$(WEB)/node_modules/.package-lock.json: $(WEB)/package.json $(WEB)/package-lock.json | ts-deps
	@echo "npm ci in $(WEB)"
	@cd $(WEB) && npm ci --no-audit --no-fund --loglevel=error

.PHONY: web
web: web-deps ## build the storefront into clients/web/dist (tsc against the generated types, then esbuild); make run serves it on :5173
	@echo "tsc + esbuild $(WEB)/src -> $(WEB)/dist"
	@cd $(WEB) && npm run --silent build

# make test runs the storefront's browser test (e2e/storefront_test.go) on
# the built page; make run serves it.
test: web
run: web
