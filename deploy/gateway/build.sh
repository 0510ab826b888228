#!/usr/bin/env bash
# Builds the gateway's image, zsuite/gateway:<traefik version>, with no image
# registry in reach (make gateway-image):
#
#   1. builds Traefik, pinned in deploy/tools/traefik/go.mod, as a static
#      binary (CGO_ENABLED=0) into .local/gateway/traefik; the Go build cache
#      makes a second build take seconds;
#   2. makes the image with buildah from scratch: the binary, user 65532,
#      nothing else (Traefik needs no shell, no libc and, with certificates
#      from Secrets and no ACME, no CA bundle: it reaches the API server with
#      the service account's own CA), in the image store of the
#      compose test (deploy/composee2e/prepare.sh: $COMPOSE_E2E_STATE/storage),
#      skipped when the image there was made from the same binary;
#   3. writes it as an image archive (docker save's format), .local/gateway/zsuite-gateway-<version>.tar,
#      for a node's containerd: ctr -n k8s.io images import <archive>.
#
# With "binary" as its argument it does step 1 only and prints the path
# (the deploy checks run it in front of a stand-in backend).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TOOL=$ROOT/deploy/tools/traefik
OUT=$ROOT/.local/gateway
STATE=${COMPOSE_E2E_STATE:-/var/tmp/zsuite-compose-e2e}
mkdir -p "$OUT"

VERSION=$(cd "$TOOL" && GOWORK=off go list -m -f '{{.Version}}' github.com/traefik/traefik/v3)
TAG=${VERSION#v}
IMAGE=zsuite/gateway:$TAG
BIN=$OUT/traefik

(cd "$TOOL" && GOWORK=off CGO_ENABLED=0 go build -trimpath -ldflags="-s -w -X github.com/traefik/traefik/v3/pkg/version.Version=$VERSION" -o "$BIN.new" github.com/traefik/traefik/v3/cmd/traefik)
if cmp -s "$BIN.new" "$BIN"; then rm "$BIN.new"; else mv "$BIN.new" "$BIN"; fi
if [ "${1:-}" = binary ]; then
  echo "$BIN"
  exit 0
fi

command -v buildah >/dev/null || {
  echo "gateway-image: installing buildah"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends buildah >/dev/null
}
# The compose test's image store, so both find each other's images.
B=(buildah --root "$STATE/storage" --runroot /run/zsuite-compose-e2e/storage --storage-driver overlay)
SUM=$(sha256sum "$BIN" | cut -c1-64)
ARCHIVE=$OUT/zsuite-gateway-$TAG.tar
if [ "$("${B[@]}" inspect --type image --format '{{index .ImageAnnotations "org.zsuite.gateway.sha256"}}' "localhost/$IMAGE" 2>/dev/null || true)" = "$SUM" ] && [ -s "$ARCHIVE" ]; then
  echo "$IMAGE is up to date ($ARCHIVE)"
  exit 0
fi
ctr=$("${B[@]}" from scratch)
trap '"${B[@]}" rm "$ctr" >/dev/null 2>&1 || true' EXIT
"${B[@]}" copy --chmod 0555 "$ctr" "$BIN" /usr/bin/traefik >/dev/null
"${B[@]}" config --user 65532:65532 --workingdir / \
  --entrypoint '["/usr/bin/traefik"]' --cmd '' \
  --port 8080 --port 8443 --port 9180 \
  --label org.opencontainers.image.title=zsuite-gateway \
  --label org.opencontainers.image.version="$TAG" \
  --annotation org.zsuite.gateway.sha256="$SUM" "$ctr"
"${B[@]}" commit -q --rm "$ctr" "$IMAGE" >/dev/null
trap - EXIT
rm -f "$ARCHIVE"
"${B[@]}" push -q "$IMAGE" "docker-archive:$ARCHIVE:$IMAGE" >/dev/null
echo "$IMAGE built ($ARCHIVE)"
