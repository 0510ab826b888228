# The public gateway's image (Traefik, pinned in deploy/tools/traefik). Included by
# the top-level Makefile.

.PHONY: gateway-image
gateway-image: ## build the gateway's image zsuite/gateway:<traefik version> with buildah (no registry) and its archive for ctr import, into .local/gateway
	@deploy/gateway/build.sh

# The deploy checks run the pinned Traefik in front of a stand-in backend:
# built before they run, so its first build (several minutes on 2 cores)
# does not count against go test's timeout.
.PHONY: gateway-binary
gateway-binary:
	@deploy/gateway/build.sh binary >/dev/null

deploy-test: gateway-binary
