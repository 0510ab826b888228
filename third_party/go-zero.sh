#!/usr/bin/env bash
# Lays out third_party/go-zero: go-zero at the version the services require,
# from the Go module cache, with the patches of third_party/patches/go-zero
# applied, for the fixes go-zero has not released yet. go.work (and
# deploy/go.mod) replace go-zero with it. Run by make gen, so make gen-check
# holds the copy to upstream + patches byte for byte.
#
# Drop a patch when the go-zero release that carries its fix is required; drop
# the copy and the replace directives with the last one.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
version=$(GOWORK=off go -C common list -m -f '{{.Version}}' github.com/zeromicro/go-zero)
src=$(GOWORK=off GOFLAGS=-mod=mod go -C common mod download -json "github.com/zeromicro/go-zero@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -d "$src" ] || { echo "go-zero $version is not in the module cache" >&2; exit 1; }
dst=third_party/go-zero
tmp=$(mktemp -d third_party/.go-zero.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# What a build reads: the Go files and the files they embed, go.mod, the licence.
(cd "$src" && find . -type f \( -name '*.go' ! -name '*_test.go' -o -name '*.lua' -o -name go.mod -o -name go.sum -o -name LICENSE \) \
  ! -path '*/testdata/*' ! -path './.github/*' -print0) | (cd "$src" && xargs -0 cp --parents -t "$root/$tmp")
chmod -R u+w "$tmp"
for p in third_party/patches/go-zero/*.patch; do
  patch --quiet --no-backup-if-mismatch -p1 -d "$tmp" < "$p"
done
echo "go-zero $version from the module cache, with third_party/patches/go-zero applied (third_party/go-zero.sh)" > "$tmp/PATCHED"
rm -rf "$dst"
mv "$tmp" "$dst"
echo "third_party/go-zero: go-zero $version + $(ls third_party/patches/go-zero | wc -l) patch(es)"
