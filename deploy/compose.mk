# The container test of the docker compose stack: deploy/docker-compose.yml
# run in real containers (podman, through its Docker-compatible API, driven by
# the pinned docker compose CLI), with the images deploy/Dockerfile builds.
# Included by the top-level Makefile; docs/deploy.md says what it proves.

# Where podman's storage, the stand-in images' root filesystem, buildah's
# cache mounts and the compose CLI live. It outlives the clone, so that a
# second run reuses the image layers and the Go build cache.
COMPOSE_E2E_STATE ?= /var/tmp/zsuite-compose-e2e
export COMPOSE_E2E_STATE

.PHONY: compose-e2e
compose-e2e: ## docker compose for real: build the images, run the compose stack in podman, drive it (as root, Debian)
	bash deploy/composee2e/prepare.sh
	cd deploy && GOWORK=off go vet -tags composee2e ./composee2e
	cd deploy && GOWORK=off go test -tags composee2e -count=1 -timeout 15m -v -run TestComposeStack ./composee2e
