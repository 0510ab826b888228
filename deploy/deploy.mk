# Containers and Kubernetes: images, the docker compose stack, and the static
# checks of deploy/ (compose file, Dockerfile, kustomize overlays). Included by
# the top-level Makefile; docs/deploy.md tells the whole story.

# The services, from deploy/topology (the top-level Makefile reads it).
DEPLOY_SERVICES := $(SERVICES)
# Image names: $(IMAGE_REGISTRY)zsuite/<service>:$(IMAGE_TAG), as in the compose file.
IMAGE_REGISTRY ?=
IMAGE_TAG ?= dev
# Set to e.g. linux/amd64,linux/arm64 to build multi-arch with buildx and push.
PLATFORMS ?=
COMPOSE := docker compose -f deploy/docker-compose.yml
# deploy/.env holds the stack's settings and secrets; without one, the
# development values of deploy/.env.example are used (and said so).
COMPOSE_ENV_FILE = $(if $(wildcard deploy/.env),deploy/.env,deploy/.env.example)
# Where the services send traces with OBSERVABILITY=1: Jaeger's OTLP gRPC port.
OBSERVABILITY_OTLP_ENDPOINT := jaeger:4317

define require_docker_engine
	@command -v docker >/dev/null || { echo "docker is not installed: $@ needs a Docker engine and the docker CLI" >&2; exit 1; }
	@timeout 20 docker info >/dev/null 2>&1 || { echo "no Docker engine answers (docker info failed): $@ needs a running Docker engine; this machine has only the CLI, or the daemon is down or unreachable (DOCKER_HOST)" >&2; exit 1; }
endef

.PHONY: images
images: ## build every service's image with deploy/Dockerfile (needs a Docker engine; PLATFORMS=linux/amd64,linux/arm64 builds multi-arch and pushes)
	$(require_docker_engine)
	@for s in $(DEPLOY_SERVICES); do \
	  img="$(IMAGE_REGISTRY)zsuite/$$s:$(IMAGE_TAG)"; echo "== $$img"; \
	  if [ -n "$(PLATFORMS)" ]; then \
	    docker buildx build -f deploy/Dockerfile --build-arg SERVICE=$$s --platform "$(PLATFORMS)" -t "$$img" --push . ; \
	  else \
	    docker build -f deploy/Dockerfile --build-arg SERVICE=$$s -t "$$img" . ; \
	  fi; \
	done

.PHONY: up
up: ## start the docker compose stack (OBSERVABILITY=1 adds Prometheus, Grafana, Jaeger); settings in deploy/.env
	$(require_docker_engine)
	@docker compose version >/dev/null 2>&1 || { echo "the docker compose plugin is missing" >&2; exit 1; }
	@[ -f deploy/.env ] || echo "deploy/.env not found: using the development settings of deploy/.env.example (cp deploy/.env.example deploy/.env to change them)"
	$(if $(OBSERVABILITY),OTEL_EXPORTER_OTLP_ENDPOINT=$(OBSERVABILITY_OTLP_ENDPOINT)) \
	  $(COMPOSE) --env-file $(COMPOSE_ENV_FILE) $(if $(OBSERVABILITY),--profile observability) up --build --detach --wait --wait-timeout 300
	@$(COMPOSE) --env-file $(COMPOSE_ENV_FILE) $(if $(OBSERVABILITY),--profile observability) ps --format 'table {{.Service}}\t{{.Status}}\t{{.Ports}}'

.PHONY: down
down: ## stop the docker compose stack (VOLUMES=1 also deletes its data)
	$(require_docker_engine)
	$(COMPOSE) --env-file $(COMPOSE_ENV_FILE) --profile observability down --remove-orphans $(if $(VOLUMES),--volumes)

.PHONY: deploy-test
deploy-test: ## static checks of deploy/: compose file, Dockerfile, kustomize overlays, probe (no Docker, no cluster)
	cd deploy && GOWORK=off go vet ./... && GOWORK=off go test -count=1 ./...

