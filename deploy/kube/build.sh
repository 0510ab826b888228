#!/usr/bin/env bash
# Builds kube-apiserver, kube-controller-manager and kubectl at the version pinned in
# go.mod into .local/kube/<version>/bin (ignored). go build is incremental: with the Go
# build cache warm this takes seconds, cold about 7 minutes on 2 cores.
# Prints the bin directory.
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
go build -ldflags "$ldflags" -o "$bin/" tool >&2
echo "$bin"
