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

# user-api serves the storefront on its own origin from an embedded copy
# (user-api/internal/storefront/site), which make gen writes from the build
# so that gen-check holds it to the sources; esbuild's bundle is the same
# byte for byte for the same sources and pinned packages.
gen: gen-web

.PHONY: gen-web
gen-web: gen-ts $(WEB)/node_modules/.package-lock.json ## build the storefront and write user-api's embedded copy (user-api/internal/storefront/site)
	@echo "tsc + esbuild $(WEB)/src -> $(WEB)/dist -> user-api/internal/storefront/site"
	@cd $(WEB) && npm run --silent build
	@rm -rf user-api/internal/storefront/site && mkdir -p user-api/internal/storefront/site
	@cp $(WEB)/dist/* user-api/internal/storefront/site/

# make test runs the storefront's browser test (e2e/storefront_test.go) on
# the built page; make run serves it.
test: web
run: web
