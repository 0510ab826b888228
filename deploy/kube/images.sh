#!/usr/bin/env bash
# The images of make kube-up's cluster, with no image registry in reach. Writes
# one image archive (docker-archive, what `ctr images import` reads) per image
# into $KUBE_CACHE/images and lists them, one a line, in $KUBE_CACHE/images/current.list:
#
#   - the suite's images and the stand-ins of its stores (postgres, redis, etcd),
#     as deploy/composee2e/prepare.sh builds them into the compose test's podman
#     store ($COMPOSE_E2E_STATE), prepare.sh run first so that they are current;
#   - the gateway's, as deploy/gateway/build.sh makes it (make gateway-image);
#   - pause, CoreDNS and metrics-server: static binaries built here from their
#     pinned Go modules (deploy/kube/pause, deploy/kube/coredns/go.mod,
#     deploy/kube/metrics-server/go.mod) into .local/kube/<version>/bin,
#     committed with buildah as images of one file (from scratch).
#
# An archive is keyed by the image's id (or the binary's digest): a second run
# saves nothing and takes seconds.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
KUBE_CACHE=${KUBE_CACHE:-/var/tmp/zsuite-kube}
STATE=${COMPOSE_E2E_STATE:-/var/tmp/zsuite-compose-e2e}
bin=${1:?usage: images.sh BIN-DIR (deploy/kube/build.sh all prints it)}
step() { printf '== kube images: %s (%ss)\n' "$*" "$SECONDS" >&2; }

export CONTAINERS_CONF=$STATE/etc/containers.conf
export CONTAINERS_STORAGE_CONF=$STATE/etc/storage.conf
export CONTAINERS_REGISTRIES_CONF=$STATE/etc/registries.conf
mkdir -p "$KUBE_CACHE/images"
list=$KUBE_CACHE/images/current.list.part
: >"$list"

# The images the dev overlay runs: every image: of its output that is not ours.
# (deploy/k8s/overlays/dev; the services' tag comes from the overlay's images:.)
mapfile -t wanted < <("$bin/kubectl" kustomize "$root/deploy/k8s/overlays/dev" |
  sed -n 's/^ *image: *//p' | tr -d '"' | sort -u)
[ ${#wanted[@]} -gt 0 ] || { echo "kube images: no image in deploy/k8s/overlays/dev" >&2; exit 1; }

# The gateway's image is made by deploy/gateway/build.sh (make gateway-image),
# not by the compose test: taken apart from the others.
mapfile -t gateway < <(printf '%s\n' "${wanted[@]}" | grep '^zsuite/gateway:' || true)
mapfile -t wanted < <(printf '%s\n' "${wanted[@]}" | grep -v '^zsuite/gateway:')
fq() { # the name containerd and podman give a short reference
  local name=$1 first=${1%%/*}
  if [[ $name != */* ]]; then echo "docker.io/library/$name"
  elif [[ $first == *.* || $first == *:* || $first == localhost ]]; then echo "$name"
  else echo "docker.io/$name"; fi
}

have_all() {
  [ -f "$CONTAINERS_STORAGE_CONF" ] || return 1
  for i in "${wanted[@]}"; do podman image exists "$(fq "$i")" || return 1; done
}
# Always: prepare.sh rebuilds what changed since (a service's code, a
# stand-in's Dockerfile) and takes seconds when nothing did; images merely
# present could be those of an older tree.
step "the suite's images, current: deploy/composee2e/prepare.sh"
bash "$root/deploy/composee2e/prepare.sh" >&2
have_all || { echo "kube images: deploy/composee2e/prepare.sh left some of ${wanted[*]} out of $STATE" >&2; exit 1; }

save() { # save NAME: podman's image NAME into a keyed archive
  local name=$1 id file
  id=$(podman image inspect --format '{{.Id}}' "$name")
  file=$KUBE_CACHE/images/$(tr '/:' '__' <<<"$name")-${id:0:12}.tar
  if [ ! -s "$file" ]; then
    rm -f "$KUBE_CACHE/images/$(tr '/:' '__' <<<"$name")"-*.tar
    podman save -q --format docker-archive -o "$file.part" "$name" >/dev/null
    mv "$file.part" "$file"
  fi
  echo "$file" >>"$list"
}

step "the dev overlay's images from the podman store"
for i in "${wanted[@]}"; do
  save "$(fq "$i")"
  echo "  $i" >&2
done

for g in "${gateway[@]}"; do
  step "the gateway's image $g (deploy/gateway/build.sh)"
  bash "$root/deploy/gateway/build.sh" >&2
  archive=$root/.local/gateway/zsuite-gateway-${g##*:}.tar
  [ -s "$archive" ] || { echo "kube images: deploy/gateway/build.sh wrote no $archive for $g" >&2; exit 1; }
  # Keyed by its digest, as the others by their image's id: a new build is imported again.
  file=$KUBE_CACHE/images/$(tr '/:' '__' <<<"$g")-$(sha256sum "$archive" | cut -c1-12).tar
  [ -s "$file" ] || { rm -f "$KUBE_CACHE/images/$(tr '/:' '__' <<<"$g")"-*.tar; cp "$archive" "$file"; }
  echo "$file" >>"$list"
  echo "  $g" >&2
done
# scratch NAME BINARY USER ARGS...: an image of one static file, entrypoint it.
scratch() {
  local name=$1 binary=$2 user=$3 sum c; shift 3
  sum=$(sha256sum "$binary" | cut -c1-12)
  if [ "$(podman image inspect --format '{{index .Labels "zsuite.kube.binary"}}' "$name" 2>/dev/null)" != "$sum" ]; then
    c=$(buildah from --pull=never scratch)
    buildah copy --quiet "$c" "$binary" "/$(basename "$binary")" >/dev/null
    local ep; ep=$(printf '"%s",' "/$(basename "$binary")" "$@"); ep="[${ep%,}]"
    buildah config --entrypoint "$ep" --cmd '' --user "$user" --label "zsuite.kube.binary=$sum" "$c"
    buildah commit --quiet --rm "$c" "$name" >/dev/null
  fi
  save "$name"
  echo "  $name" >&2
}

build_static() { # build_static DIR PKG OUT
  local dir=$1 pkg=$2 out=$3
  [ -x "$out" ] || (cd "$dir" && GOWORK=off GOFLAGS=-mod=readonly CGO_ENABLED=0 go build -trimpath -ldflags '-s -w' -o "$out" "$pkg" >&2)
}

step "pause, CoreDNS and metrics-server (static, from their Go modules)"
coredns_v=$(cd "$here/coredns" && GOWORK=off go list -m -f '{{.Version}}' github.com/coredns/coredns)
ms_v=$(cd "$here/metrics-server" && GOWORK=off go list -m -f '{{.Version}}' sigs.k8s.io/metrics-server)
build_static "$here" ./pause "$bin/pause"
build_static "$here/coredns" github.com/coredns/coredns "$bin/coredns-$coredns_v"
build_static "$here/metrics-server" sigs.k8s.io/metrics-server/cmd/metrics-server "$bin/metrics-server-$ms_v"
mkdir -p "$bin/img"
for b in pause "coredns-$coredns_v:coredns" "metrics-server-$ms_v:metrics-server"; do
  src=${b%%:*}; dst=${b##*:}
  cp -f "$bin/$src" "$bin/img/$dst"
done
scratch localhost/zsuite-kube/pause:v1 "$bin/img/pause" 65535:65535
scratch "localhost/zsuite-kube/coredns:$coredns_v" "$bin/img/coredns" 65532:65532
scratch "localhost/zsuite-kube/metrics-server:$ms_v" "$bin/img/metrics-server" 65532:65532

mv "$list" "$KUBE_CACHE/images/current.list"
# Archives no longer listed (an image rebuilt since) are dropped.
for f in "$KUBE_CACHE"/images/*.tar; do
  grep -qxF "$f" "$KUBE_CACHE/images/current.list" || rm -f "$f"
done
echo "coredns=$coredns_v metrics-server=$ms_v"
step "ready"
