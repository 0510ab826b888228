# The public gateway's image (Caddy, pinned in deploy/tools/caddy). Included by
# the top-level Makefile.

.PHONY: gateway-image
gateway-image: ## build the gateway's image zsuite/gateway:<caddy version> with buildah (no registry) and its archive for ctr import, into .local/gateway
	@deploy/gateway/build.sh
