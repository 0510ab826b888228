# The public gateway's image (Caddy, pinned in deploy/tools/caddy). Included by
# the top-level Makefile.

.PHONY: gateway-image
gateway-image: ## build the gateway's image zsuite/gateway:<caddy version> with buildah (no registry) and its archive for ctr import, into .local/gateway
	@deploy/gateway/build.sh

# The deploy checks validate each overlay's gateway config with the pinned
# Caddy: built before they run, so its first build (about 5 minutes on 2
# cores) does not count against go test's timeout.
.PHONY: gateway-binary
gateway-binary:
	@deploy/gateway/build.sh binary >/dev/null

deploy-test: gateway-binary
