# The Kubernetes control plane of the deploy tests and the alert rules' copy for
# Kubernetes. Included by the top-level Makefile; make deploy-test runs the
# checks (deploy/clustercheck starts the control plane itself).

.PHONY: kube-build
kube-build: ## build kube-apiserver, kube-controller-manager and kubectl (deploy/kube/go.mod's release) into .local/kube
	@deploy/kube/build.sh

.PHONY: deploy-alerts
deploy-alerts: ## copy deploy/observability/alerts.yaml into the PrometheusRule of deploy/k8s/components/alerts (deploy-test fails when they differ)
	@{ echo '# Generated from deploy/observability/alerts.yaml by make deploy-alerts: edit that file.'; \
	  echo 'apiVersion: monitoring.coreos.com/v1'; echo 'kind: PrometheusRule'; \
	  echo 'metadata:'; echo '  name: zsuite'; echo 'spec:'; \
	  grep -v '^#' deploy/observability/alerts.yaml | sed '/./s/^/  /'; \
	} > deploy/k8s/components/alerts/prometheusrule.yaml
	@echo "wrote deploy/k8s/components/alerts/prometheusrule.yaml"

# The control plane is built before the checks run, so that its first build
# (about 7 minutes on 2 cores) does not count against go test's timeout.
deploy-test: kube-build

# The same for the pinned tools the checks run with go tool (cached executables).
.PHONY: deploy-tools
deploy-tools: ## build the pinned promtool and kube-score the deploy checks run
	cd deploy/tools/promtool && GOWORK=off GOFLAGS="$${GOFLAGS:-} -tags=remove_all_sd" go tool promtool --version >/dev/null
	cd deploy/tools/kube-score && GOWORK=off go tool kube-score version >/dev/null

deploy-test: deploy-tools
