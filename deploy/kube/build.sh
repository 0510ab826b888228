#!/usr/bin/env bash
# Builds the tools of go.mod (kube-apiserver, kube-controller-manager, kubectl, and
# for make kube-up the node's kube-scheduler, kubelet and kube-proxy) at the version
# pinned there into .local/kube/<version>/bin (ignored). go build is incremental: with
# the Go build cache warm this takes seconds, cold about 7 minutes on 2 cores for the
# first three and about as long again for the other three.
#
#   build.sh            kube-apiserver, kube-controller-manager, kubectl (the deploy checks)
#   build.sh all        every tool of go.mod (make kube-up)
#
# A binary already there is not rebuilt (the bin directory is keyed by the version;
# delete it to rebuild). Prints the bin directory.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$here"
export GOWORK=off GOFLAGS="${GOFLAGS:-} -mod=readonly"
version=$(go list -m -f '{{.Version}}' k8s.io/kubernetes)
bin="$root/.local/kube/$version/bin"
mkdir -p "$bin"
minor=$(cut -d. -f2 <<<"$version")
pkg=k8s.io/component-base/version
ldflags="-s -w -X $pkg.gitVersion=$version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
if [ "${1:-}" = all ]; then
  mapfile -t pkgs < <(sed -n '/^tool (/,/^)/{/^\t/s/^\t//p}' go.mod)
else
  pkgs=(k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kubectl)
fi
todo=()
for p in "${pkgs[@]}"; do [ -x "$bin/${p##*/}" ] || todo+=("$p"); done
[ ${#todo[@]} -eq 0 ] || go build -ldflags "$ldflags" -o "$bin/" "${todo[@]}" >&2
echo "$bin"
