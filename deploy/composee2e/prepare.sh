#!/usr/bin/env bash
# Prepares the container test of the compose stack (make compose-e2e), on
# Debian, as root, with no image registry in reach:
#
#   1. installs podman, runc, netavark, aardvark-dns, iptables, mmdebstrap and buildah
#      from Debian when they are missing;
#   2. writes podman's configuration for the test into the state directory
#      (its own storage, run root and networks: nothing of the machine's
#      default podman is used or touched);
#   3. builds the docker compose CLI pinned in deploy/composecli/go.mod;
#   4. makes a Debian root filesystem with mmdebstrap and builds from it, with
#      the Dockerfiles in deploy/composee2e/images, the stand-ins of the base
#      images deploy/Dockerfile starts from and of the store images
#      deploy/docker-compose.yml runs, tagged with exactly the names those two
#      files use;
#   5. builds the service images from deploy/Dockerfile, as `make images`
#      does with Docker, under the names the compose file gives them.
#
# Everything lands in $COMPOSE_E2E_STATE (default /var/tmp/zsuite-compose-e2e),
# which outlives the clone: the root filesystem (keyed by its package list and
# the apt sources) and podman's image layers, with buildah's cache mounts (Go
# modules and build cache, in its default /var/tmp/buildah-cache), make a
# second run fast. Deleting both starts from cold.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/deploy/composee2e
STATE=${COMPOSE_E2E_STATE:-/var/tmp/zsuite-compose-e2e}
COMPOSE_FILE=$ROOT/deploy/docker-compose.yml
DOCKERFILE=$ROOT/deploy/Dockerfile
# What the stand-in images are made of. etcd-server, postgresql-15 and
# redis-server are Debian's (3.4, 15 and 7.0; see docs/deploy.md); wget is
# what the observability profile's healthchecks run.
ROOTFS_PACKAGES=ca-certificates,tzdata,postgresql-15,redis-server,etcd-server,etcd-client,wget
APT_SOURCES=/etc/apt/sources.list.d/debian.sources
[ -f "$APT_SOURCES" ] || APT_SOURCES=/etc/apt/sources.list

step() { printf '== compose-e2e: %s (%ss)\n' "$*" "$SECONDS"; }
die() { echo "compose-e2e: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root: podman here runs rootful (runc, netavark, its own storage)"

step "packages"
missing=()
# netavark programs the firewall with iptables, which podman only suggests.
for p in podman runc netavark aardvark-dns iptables mmdebstrap buildah; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

step "podman configuration in $STATE"
# The test (compose_e2e_test.go) finds the same files under the same names.
RUNROOT=/run/zsuite-compose-e2e
export CONTAINERS_CONF=$STATE/etc/containers.conf
export CONTAINERS_STORAGE_CONF=$STATE/etc/storage.conf
export CONTAINERS_REGISTRIES_CONF=$STATE/etc/registries.conf
COMPOSE_BIN=$STATE/bin/docker-compose
mkdir -p "$STATE"/{bin,etc,storage,networks,rootfs} "$RUNROOT"
cat >"$CONTAINERS_CONF" <<EOF
# Written by deploy/composee2e/prepare.sh: podman for the container test only.
[containers]
# The machine's containers lack CAP_SYS_RESOURCE: podman's default nofile
# limit (1048576) cannot be set; these can.
default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]
log_driver = "k8s-file"

[engine]
# crun fails here ("cgroups in hybrid mode not supported"); runc works.
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
tmp_dir = "$RUNROOT/libpod"
volume_path = "$STATE/storage/volumes"

[network]
# DNS on internal networks works with netavark and aardvark-dns, not with CNI.
network_backend = "netavark"
network_config_dir = "$STATE/networks"
default_subnet = "10.213.0.0/24"
default_subnet_pools = [{"base" = "10.213.0.0/16", "size" = 24}]
EOF
cat >"$CONTAINERS_STORAGE_CONF" <<EOF
[storage]
driver = "overlay"
graphroot = "$STATE/storage"
runroot = "$RUNROOT/storage"
EOF
cat >"$CONTAINERS_REGISTRIES_CONF" <<EOF
# No registry is reachable: short names resolve to docker.io as with Docker,
# and every image is built locally (nothing is ever pulled).
unqualified-search-registries = ["docker.io"]
short-name-mode = "permissive"
EOF

step "podman's store in $STATE/storage"
# A machine stopped in the middle of a build (or before the page cache
# reached the disk) can leave an image whose files are half written: its
# manifest missing, and then every podman command that lists images fails
# ("locating item named \"manifest\" for image with ID ..."). Remove the
# images podman names as damaged; if the store still cannot list its images,
# start it again from empty (the next builds refill it; the Go build cache is
# a buildah cache mount outside it).
for _ in 1 2 3 4 5 6 7 8; do
  if err=$(podman image ls --all --quiet 2>&1 >/dev/null); then break; fi
  ids=$(grep -o 'image with ID "[0-9a-f]\{64\}"' <<<"$err" | grep -o '[0-9a-f]\{64\}' | sort -u || true)
  [ -n "$ids" ] || break
  for id in $ids; do
    echo "removing the damaged image $id"
    podman rmi --force "$id" >/dev/null 2>&1 || true
  done
done
if ! err=$(podman image ls --all --quiet 2>&1 >/dev/null); then
  printf 'podman cannot list its images:\n%s\nemptying %s/storage\n' "$err" "$STATE"
  podman system reset --force >/dev/null 2>&1 || true
  rm -rf "$STATE/storage" && mkdir -p "$STATE/storage"
  podman image ls --all --quiet >/dev/null || die "podman's store at $STATE/storage is unusable even when empty"
fi

step "docker compose CLI (deploy/composecli/go.mod)"
(cd "$ROOT/deploy/composecli" && GOWORK=off go build -trimpath -o "$COMPOSE_BIN" github.com/docker/compose/v2/cmd)
"$COMPOSE_BIN" version

# fq NAME: the name Docker gives an image reference (docker.io/library/ for a
# short one); podman tags and finds the images under these names.
fq() {
  local name=$1 first=${1%%/*}
  if [[ $name != */* ]]; then
    echo "docker.io/library/$name"
  elif [[ $first == *.* || $first == *:* || $first == localhost ]]; then
    echo "$name"
  else
    echo "docker.io/$name"
  fi
}
build() { # build DIR-OR-DOCKERFILE CONTEXT TAG...
  local file=$1 context=$2; shift 2
  local tags=()
  for t in "$@"; do tags+=(-t "$(fq "$t")"); done
  podman build --pull=never --layers -q -f "$file" "${tags[@]}" "$context" >/dev/null
}

step "Debian root filesystem (mmdebstrap: $ROOTFS_PACKAGES)"
key=$( (echo "$ROOTFS_PACKAGES"; cat "$APT_SOURCES") | sha256sum | cut -c1-16)
rootfs=$STATE/rootfs/debian-bookworm-$key.tar
if [ ! -f "$rootfs" ] || [ ! -s "$rootfs" ]; then
  # Older ones, a partial one, and a directory an earlier version left.
  rm -rf "$STATE"/rootfs/debian-bookworm-*
  # --format=tar: mmdebstrap picks the format from the name's ending, and
  # .part is none it knows (it made a directory).
  mmdebstrap --quiet --format=tar --variant=minbase --include="$ROOTFS_PACKAGES" \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    bookworm "$rootfs.part" "$APT_SOURCES"
  mv "$rootfs.part" "$rootfs"
fi
ctx=$STATE/rootfs/context
rm -rf "$ctx" && mkdir -p "$ctx/local-ca-certificates"
ln "$rootfs" "$ctx/debian.tar"
if compgen -G '/usr/local/share/ca-certificates/*' >/dev/null; then
  cp -R /usr/local/share/ca-certificates/. "$ctx/local-ca-certificates/"
fi
build "$HERE/images/debian/Dockerfile" "$ctx" zsuite-e2e/debian:bookworm

step "stand-ins of deploy/Dockerfile's base images"
go_version=$(sed -n 's/^ARG GO_VERSION=//p' "$DOCKERFILE")
local_go=$(go env GOVERSION)
[[ $local_go == go$go_version || $local_go == go$go_version.* ]] ||
  die "deploy/Dockerfile builds with Go $go_version; the local toolchain is $local_go"
while read -r image; do
  image=${image//\$\{GO_VERSION\}/$go_version}
  case $image in
    golang:*) build "$HERE/images/golang/Dockerfile" "$(go env GOROOT)" "$image" ;;
    gcr.io/distroless/static*) build "$HERE/images/distroless/Dockerfile" "$HERE/images/distroless" "$image" ;;
    *) die "deploy/Dockerfile starts from $image, which has no stand-in in deploy/composee2e/images" ;;
  esac
  echo "  $image"
done < <(awk '$1 == "FROM" { for (i = 2; i <= NF; i++) if ($i !~ /^--/) { print $i; break } }' "$DOCKERFILE" | sort -u)

step "the images deploy/docker-compose.yml runs, with its observability profile: stand-ins of the stores', Prometheus' and Jaeger's, the services' from deploy/Dockerfile"
# A stand-in built from a Go module: its binary, built with the host's Go
# (and its build cache) from the module that pins it, beside its Dockerfile.
gobuilt() { # gobuilt DIR MODULE-DIR PACKAGE [BUILD FLAGS...]
  local dir=$1 module=$2 pkg=$3; shift 3
  local ctx=$STATE/images/$dir
  rm -rf "$ctx" && mkdir -p "$ctx"
  cp "$HERE/images/$dir/Dockerfile" "$ctx/"
  (cd "$ROOT/$module" && GOWORK=off CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" "$@" -o "$ctx/${pkg##*/}" "$pkg")
}
for image in $("$COMPOSE_BIN" -f "$COMPOSE_FILE" --env-file "$ROOT/deploy/.env.example" --profile observability config --images | sort -u); do
  case $image in
    *zsuite/*:*)
      # As `make images` runs docker build: the repository root as the
      # context, filtered by the Dockerfile's own ignore file. Without the
      # layer cache: the Dockerfile reads the sources through bind mounts,
      # which buildah leaves out of a layer's cache key, so a cached build
      # kept the binaries of the tree it first ran on (the services' code
      # changed, the images did not). The Go build cache is a cache mount,
      # kept across builds, so a rebuild compiles only what changed.
      s=${image##*zsuite/}; s=${s%%:*}
      podman build --pull=never --no-cache -q -f "$DOCKERFILE" --ignorefile "$ROOT/deploy/Dockerfile.dockerignore" \
        --build-arg SERVICE="$s" -t "$(fq "$image")" "$ROOT" >/dev/null
      echo "  $image"
      continue ;;
    prom/prometheus:*)
      gobuilt prometheus deploy/tools/promtool github.com/prometheus/prometheus/cmd/prometheus -tags remove_all_sd
      build "$STATE/images/prometheus/Dockerfile" "$STATE/images/prometheus" "$image"
      echo "  $image"
      continue ;;
    jaegertracing/jaeger:*)
      gobuilt jaeger deploy/tools/jaeger github.com/jaegertracing/jaeger/cmd/jaeger
      build "$STATE/images/jaeger/Dockerfile" "$STATE/images/jaeger" "$image"
      echo "  $image"
      continue ;;
    grafana/grafana:*)
      # Grafana is AGPL and not served by the module proxy: it has no
      # stand-in, and the test runs the profile without it (its dashboard's
      # queries are checked against Prometheus instead).
      echo "  $image: no stand-in (the test leaves Grafana out)"
      continue ;;
    quay.io/coreos/etcd:*) dir=etcd ;;
    postgres:*) dir=postgres ;;
    redis:*) dir=redis ;;
    *) die "deploy/docker-compose.yml runs $image, which has no stand-in in deploy/composee2e/images" ;;
  esac
  build "$HERE/images/$dir/Dockerfile" "$HERE/images/$dir" "$image"
  echo "  $image"
done

# What no tagged image needs goes: the service images are built without the
# layer cache (above), so their build stages (about 800 MB each, four per
# run) are never read again, and keeping them for 72 h filled the disk (1,261
# images, 19 GB, until the kubelet evicted the cluster's pods for
# DiskPressure). The stand-ins' cached layers are parents of tagged images,
# which prune keeps.
podman image prune --force >/dev/null
step "ready"
