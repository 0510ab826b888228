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

# A real single-node cluster on this machine (docs/deploy.md, "A real cluster:
# make kube-up"): the control plane, kubelet and kube-proxy from deploy/kube/go.mod,
# containerd, runc and the CNI plugins from Debian, CoreDNS, metrics-server and
# kube-router (NetworkPolicy) from their Go modules, the suite's images from the
# compose test's podman store. As root; the image archives are cached in
# $(KUBE_CACHE), which outlives the clone.
KUBE_CACHE ?= /var/tmp/zsuite-kube
export KUBE_CACHE

.PHONY: kube-up
kube-up: ## start a real single-node Kubernetes cluster here (as root, Debian); kubeconfig in .local/kube/kubeconfig
	@bash deploy/kube/up.sh

.PHONY: kube-down
kube-down: ## stop make kube-up's cluster and remove all it made (processes, mounts, iptables rules, bridge)
	@bash deploy/kube/down.sh

# KUBE_E2E=all (the default) runs every step of deploy/kubee2e; KUBE_E2E=core
# (what .ci/run runs) stops after the first rolling update under load and the
# books, leaving out pod loss, evictions and autoscaling (docs/deploy.md).
KUBE_E2E ?= all
export KUBE_E2E

.PHONY: kube-e2e
kube-e2e: ## on make kube-up's cluster: the dev overlay Ready, walkthrough, client address, NetworkPolicies, then under load a rolling update, pod loss, evictions, autoscaling (KUBE_E2E=core: up to the rolling update)
	cd deploy && GOWORK=off go vet -tags kubee2e ./kubee2e
	cd deploy && GOWORK=off go test -tags kubee2e -count=1 -timeout 45m -v ./kubee2e
