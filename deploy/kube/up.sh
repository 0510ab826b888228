#!/usr/bin/env bash
# make kube-up: a real single-node Kubernetes cluster on this machine, built from
# pinned sources, beside the native stack (none of its ports), as root on Debian.
#
#   etcd (Debian's)            127.0.0.1:12379 (peer 12380), data in the run dir
#   kube-apiserver             https://10.244.0.1:6443   (the bridge's address, so pods reach it too)
#   kube-controller-manager    127.0.0.1:10357    kube-scheduler 127.0.0.1:10359
#   containerd (Debian's 1.6)  its own root, state and socket (/run/zsuite-kube)
#   kubelet                    10.244.0.1:10350 (webhook authn/authz), healthz 127.0.0.1:10348
#   kube-proxy (iptables)      healthz 127.0.0.1:10356, metrics 127.0.0.1:10349
#   kube-router (policy only)  enforces NetworkPolicies with iptables and ipsets
#   Gateway API CRDs           standard channel, the version deploy/tools/traefik pins
#   pod network                bridge zkube0, 10.244.0.0/24 (CNI bridge + host-local, Debian's plugins)
#   services                   10.96.0.0/16; cluster DNS (CoreDNS) at 10.96.0.10
#
# The binaries come from deploy/kube/build.sh (k8s.io/kubernetes, pinned in
# deploy/kube/go.mod) and deploy/kube/images.sh (pause, CoreDNS, metrics-server,
# and the suite's images); kube-router from deploy/kube/netpol/go.mod. Everything
# the cluster writes is under .local/kube/run (removed by make kube-down, which
# also removes the bridge, the iptables rules, mounts and cgroups it made). The
# admin kubeconfig is .local/kube/kubeconfig.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$here/common.sh"

[ "$(id -u)" = 0 ] || die "run as root: the kubelet, containerd and kube-proxy need it"
if alive kube-apiserver && alive kubelet; then
  echo "kube-up: already running (make kube-down stops it)"; usage; exit 0
fi
# The machine holds one cluster: its bridge, containerd's state and the ports
# are not per checkout. One that another checkout runs is stopped there; what a
# cluster left when it died without make kube-down (its processes killed, or
# the machine restarted under it: the bridge, mounts, network namespaces, rules)
# is removed, as is what this checkout's last cluster left.
others=$(for p in $(pids_naming "/.local/kube/run/"); do
  tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -qF "$RUN/" || echo "$p"
done)
if [ -n "$others" ]; then
  echo "kube-up: another cluster runs on this machine; make kube-down in its checkout stops it:" >&2
  for p in $others; do echo "  $p: $(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | cut -c1-200)" >&2; done
  exit 1
fi
if [ -e "$RUN" ] || [ -e "$CSTATE" ] || ip link show "$BRIDGE" >/dev/null 2>&1 || compgen -G '/run/netns/cni-*' >/dev/null; then
  "$here/down.sh" >/dev/null
fi

step "packages"
missing=()
for p in containerd runc containernetworking-plugins iptables ipset conntrack etcd-server openssl podman buildah; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

step "binaries (deploy/kube/build.sh all)"
BIN=$("$here/build.sh" all)
[ -x "$BIN/sandboxes" ] || (cd "$here" && GOWORK=off GOFLAGS=-mod=readonly go build -o "$BIN/sandboxes" ./sandboxes)
step "kube-router (deploy/kube/netpol/go.mod)"
kr_v=$(cd "$here/netpol" && GOWORK=off go list -m -f '{{.Version}}' github.com/cloudnativelabs/kube-router/v2)
KR=$BIN/kube-router-$kr_v
[ -x "$KR" ] || (cd "$here/netpol" && GOWORK=off GOFLAGS=-mod=readonly CGO_ENABLED=0 go build -trimpath -ldflags '-s -w' -o "$KR" github.com/cloudnativelabs/kube-router/v2/cmd/kube-router)
step "images (deploy/kube/images.sh)"
versions=$("$here/images.sh" "$BIN")
coredns_v=$(sed -n 's/.*coredns=\([^ ]*\).*/\1/p' <<<"$versions")
ms_v=$(sed -n 's/.*metrics-server=\([^ ]*\).*/\1/p' <<<"$versions")

mkdir -p "$RUN"/{pki,logs,pids,etcd,cni/net.d,cni/ipam,kubelet,containerd,pv} "$CSTATE"
date +%s >"$RUN/started"

step "certificates and tokens"
pki=$RUN/pki
openssl_quiet() { openssl "$@" 2>/dev/null; }
openssl_quiet req -x509 -newkey rsa:2048 -nodes -keyout "$pki/ca.key" -out "$pki/ca.crt" -days 30 -subj "/CN=zsuite-kube-ca"
cert() { # cert NAME SUBJECT [SAN]
  local name=$1 subj=$2 san=${3:-}
  openssl_quiet req -newkey rsa:2048 -nodes -keyout "$pki/$name.key" -out "$pki/$name.csr" -subj "$subj"
  local ext=$pki/$name.ext
  { echo "basicConstraints=CA:FALSE"; echo "keyUsage=digitalSignature,keyEncipherment"
    if [ -n "$san" ]; then echo "extendedKeyUsage=serverAuth"; echo "subjectAltName=$san"; else echo "extendedKeyUsage=clientAuth"; fi
  } >"$ext"
  openssl_quiet x509 -req -in "$pki/$name.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial \
    -out "$pki/$name.crt" -days 30 -extfile "$ext"
}
cert apiserver "/CN=kube-apiserver" "IP:$NODE_IP,IP:10.96.0.1,IP:127.0.0.1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,DNS:localhost"
cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client"
cert front-proxy-client "/CN=front-proxy-client"
openssl_quiet genrsa -out "$pki/sa.key" 2048
tok() { openssl rand -hex 16; }
ADMIN_TOKEN=$(tok)
{
  echo "$ADMIN_TOKEN,admin,admin,system:masters"
  echo "$(tok),system:node:$NODE,node,system:nodes"
  echo "$(tok),system:kube-proxy,kube-proxy"
  echo "$(tok),system:kube-scheduler,kube-scheduler"
  echo "$(tok),system:kube-controller-manager,kube-controller-manager"
  echo "$(tok),zsuite:kube-router,kube-router"
} >"$pki/tokens.csv"
chmod 600 "$pki"/*.key "$pki/tokens.csv"
kubeconfig() { # kubeconfig FILE USER
  local user=$2 token
  token=$(awk -F, -v u="$user" '$2 == u { print $1 }' "$pki/tokens.csv")
  cat >"$1" <<EOF
apiVersion: v1
kind: Config
clusters:
  - name: zsuite-kube
    cluster: {server: "https://$NODE_IP:$API_PORT", certificate-authority: "$pki/ca.crt"}
users:
  - name: $user
    user: {token: "$token"}
contexts:
  - name: zsuite-kube
    context: {cluster: zsuite-kube, user: $user}
current-context: zsuite-kube
EOF
  chmod 600 "$1"
}
kubeconfig "$KUBECONFIG_OUT" admin
for u in "system:node:$NODE:kubelet" "system:kube-proxy:kube-proxy" "system:kube-scheduler:scheduler" \
         "system:kube-controller-manager:controller-manager" "zsuite:kube-router:kube-router"; do
  kubeconfig "$RUN/${u##*:}.kubeconfig" "${u%:*}"
done

step "pod network: bridge $BRIDGE ($NODE_IP/24)"
cat /proc/sys/net/ipv4/ip_forward >"$RUN/ip_forward.before"
cat /proc/sys/net/bridge/bridge-nf-call-iptables >"$RUN/bridge-nf-call-iptables.before"
ip link add "$BRIDGE" type bridge
ip addr add "$NODE_IP/24" dev "$BRIDGE"
ip link set "$BRIDGE" up
# Services are DNAT'd to pods on the same bridge: bridged packets must pass
# iptables, and be routed. The CNI bridge plugin (isGateway) turns on
# ip_forward anyway; make kube-down puts both back.
echo 1 >/proc/sys/net/bridge/bridge-nf-call-iptables
echo 1 >/proc/sys/net/ipv4/ip_forward
# Nothing from a pod leaves the machine: what the bridge would forward to
# another interface is dropped (Services and the node are reached on the bridge
# or locally). In mangle, before the filter table where kube-router and
# kube-proxy accept what their chains passed. make kube-down removes it.
iptables -t mangle -I FORWARD -i "$BRIDGE" ! -o "$BRIDGE" -m comment --comment "$FORWARD_RULE_COMMENT" -j DROP
cat >"$RUN/cni/net.d/10-zkube.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "zkube",
  "plugins": [
    {
      "type": "bridge", "bridge": "$BRIDGE", "isGateway": true, "ipMasq": false, "hairpinMode": true,
      "ipam": {
        "type": "host-local", "dataDir": "$RUN/cni/ipam",
        "ranges": [[{"subnet": "$POD_CIDR", "gateway": "$NODE_IP"}]],
        "routes": [{"dst": "0.0.0.0/0"}]
      }
    }
  ]
}
EOF

step "etcd 127.0.0.1:$ETCD_PORT"
start etcd etcd --name=zsuite-kube --data-dir="$RUN/etcd" \
  --listen-client-urls="http://127.0.0.1:$ETCD_PORT" --advertise-client-urls="http://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster="zsuite-kube=http://127.0.0.1:$ETCD_PEER_PORT" --unsafe-no-fsync --log-level=warn

step "kube-apiserver https://$NODE_IP:$API_PORT"
start kube-apiserver "$BIN/kube-apiserver" \
  --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
  --bind-address="$NODE_IP" --advertise-address="$NODE_IP" --secure-port="$API_PORT" \
  --tls-cert-file="$pki/apiserver.crt" --tls-private-key-file="$pki/apiserver.key" \
  --client-ca-file="$pki/ca.crt" --token-auth-file="$pki/tokens.csv" \
  --authorization-mode=Node,RBAC --enable-admission-plugins=NodeRestriction \
  --service-cluster-ip-range="$SERVICE_CIDR" \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --service-account-key-file="$pki/sa.key" --service-account-signing-key-file="$pki/sa.key" \
  --kubelet-client-certificate="$pki/apiserver-kubelet-client.crt" --kubelet-client-key="$pki/apiserver-kubelet-client.key" \
  --kubelet-preferred-address-types=InternalIP \
  --requestheader-client-ca-file="$pki/ca.crt" --requestheader-allowed-names=front-proxy-client \
  --requestheader-username-headers=X-Remote-User --requestheader-group-headers=X-Remote-Group \
  --requestheader-extra-headers-prefix=X-Remote-Extra- \
  --proxy-client-cert-file="$pki/front-proxy-client.crt" --proxy-client-key-file="$pki/front-proxy-client.key" \
  --enable-aggregator-routing=true --allow-privileged=true --profiling=false
wait_for "kube-apiserver ready" 120 kc get --raw /readyz

step "kube-controller-manager, kube-scheduler"
start kube-controller-manager "$BIN/kube-controller-manager" \
  --kubeconfig="$RUN/controller-manager.kubeconfig" \
  --bind-address=127.0.0.1 --secure-port=10357 --leader-elect=false \
  --use-service-account-credentials=true \
  --service-account-private-key-file="$pki/sa.key" --root-ca-file="$pki/ca.crt" \
  --cluster-cidr=10.244.0.0/16 --node-cidr-mask-size=24 --allocate-node-cidrs=true \
  --service-cluster-ip-range="$SERVICE_CIDR" --profiling=false
start kube-scheduler "$BIN/kube-scheduler" \
  --kubeconfig="$RUN/scheduler.kubeconfig" \
  --bind-address=127.0.0.1 --secure-port=10359 --leader-elect=false --profiling=false

step "containerd ($CSOCK)"
cat >"$RUN/containerd/config.toml" <<EOF
version = 2
root = "$CROOT"
state = "$CSTATE/state"
[grpc]
  address = "$CSOCK"
[ttrpc]
  address = "$CSOCK.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""
[plugins."io.containerd.internal.v1.opt"]
  path = "$RUN/containerd/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "localhost/zsuite-kube/pause:v1"
  # No CAP_SYS_RESOURCE here: containers may not lower their OOM score below ours.
  restrict_oom_score_adj = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$RUN/cni/net.d"
EOF
start containerd containerd --config "$RUN/containerd/config.toml"
wait_for "containerd" 30 ctr version
step "import the images (those of $(wc -l <"$KUBE_CACHE/images/current.list") archives not in containerd's store)"
# An archive is named by its image's id. Its marker holds the references the
# import unpacked; it is skipped only while containerd still has every one of
# them (the kubelet's image garbage collection, or a store damaged by a
# machine that stopped, can remove an image behind the marker's back: its pods
# then stay in ImagePullBackOff, with no registry to pull from).
mkdir -p "$CROOT/zsuite-imported"
ctr images ls -q >"$RUN/images.have"
while read -r f; do
  m="$CROOT/zsuite-imported/${f##*/}"
  if [ -s "$m" ] && ! grep -qvxF -f "$RUN/images.have" "$m"; then
    continue
  fi
  ctr images import "$f" | tee -a "$RUN/logs/import.log" | sed -n 's/^unpacking \([^ ]*\) .*/\1/p' >"$m.new"
  [ -s "$m.new" ] || die "importing $f unpacked no image (see $RUN/logs/import.log)"
  mv "$m.new" "$m"
  echo "  ${f##*/}" >&2
done <"$KUBE_CACHE/images/current.list"
for m in "$CROOT"/zsuite-imported/*; do
  grep -qxF "$KUBE_CACHE/images/${m##*/}" "$KUBE_CACHE/images/current.list" || rm -f "$m"
done

step "kubelet $NODE_IP:$KUBELET_PORT"
cat >"$RUN/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $NODE_IP
port: $KUBELET_PORT
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10348
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: "$pki/ca.crt"}
authorization: {mode: Webhook}
containerRuntimeEndpoint: unix://$CSOCK
cgroupDriver: cgroupfs
failCgroupV1: false
failSwapOn: false
clusterDNS: [$DNS_IP]
clusterDomain: cluster.local
# No upstream resolver: names outside the cluster do not resolve in pods.
resolvConf: ""
serializeImagePulls: false
# The node's disk is the machine's, shared with everything else on it: a
# share of it says nothing (3% of this 252 GB disk is 8 GB, more than the
# machine had free, and the kubelet evicted every pod for DiskPressure).
# Evict only when the disk is really about to fill.
evictionHard: {memory.available: "200Mi", nodefs.available: "1Gi", imagefs.available: "1Gi"}
# Image garbage collection only once less than 1% of the disk is free: the
# images were imported from archives (there is no registry to pull them from
# again), and a removed one would leave its pods in ErrImagePull.
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
allowedUnsafeSysctls: []
EOF
start kubelet "$BIN/kubelet" --config="$RUN/kubelet.yaml" --kubeconfig="$RUN/kubelet.kubeconfig" \
  --root-dir="$RUN/kubelet" --hostname-override="$NODE" --node-ip="$NODE_IP"

step "kube-proxy (iptables)"
cat >"$RUN/kube-proxy.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: "$RUN/kube-proxy.kubeconfig"}
mode: iptables
clusterCIDR: 10.244.0.0/16
hostnameOverride: $NODE
healthzBindAddress: 127.0.0.1:10356
metricsBindAddress: 127.0.0.1:10349
nodePortAddresses: ["$NODE_IP/32"]
iptables: {localhostNodePorts: false}
# Leave the machine's conntrack settings alone.
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
EOF
start kube-proxy "$BIN/kube-proxy" --config="$RUN/kube-proxy.yaml"

wait_for "node $NODE registered" 90 kc get node "$NODE"
# Pods start only once kube-proxy routes the Services (a pod's first connection
# to the apiserver's Service address would otherwise leave unrouted).
wait_for "kube-proxy's rules for the apiserver's Service" 60 sh -c "iptables -t nat -S KUBE-SERVICES | grep -q 'default/kubernetes:https cluster IP'"
step "cluster add-ons: storage, RBAC of kube-router, CoreDNS $coredns_v, metrics-server $ms_v"
{
  sed -e "s|@DNS_IP@|$DNS_IP|g" \
      -e "s|@COREDNS@|localhost/zsuite-kube/coredns:$coredns_v|g" \
      -e "s|@METRICS_SERVER@|localhost/zsuite-kube/metrics-server:$ms_v|g" "$here/addons.yaml"
  for i in $(seq -w 1 16); do
    mkdir -p "$RUN/pv/$i"
    cat <<EOF
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: local-$i}
spec:
  capacity: {storage: 2Gi}
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: local
  local: {path: "$RUN/pv/$i"}
  nodeAffinity:
    required:
      nodeSelectorTerms:
        - matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: ["$NODE"]}]
EOF
  done
} | kc apply -f - >/dev/null
# The Gateway API's CRDs (standard channel), the version the pinned Traefik
# is built against (deploy/tools/traefik/go.mod), from that module's files
# in the Go module cache: what an operator installs once per cluster before
# the overlays' Gateway and HTTPRoutes (docs/deploy.md).
gw_v=$(cd "$root/deploy/tools/traefik" && GOWORK=off go list -m -f '{{.Version}}' sigs.k8s.io/gateway-api)
gw_dir=$(cd "$root/deploy/tools/traefik" && GOWORK=off go mod download sigs.k8s.io/gateway-api && GOWORK=off go list -m -f '{{.Dir}}' sigs.k8s.io/gateway-api)
[ -d "$gw_dir/config/crd/standard" ] || die "the Gateway API module $gw_v has no config/crd/standard (go mod download in deploy/tools/traefik)"
step "Gateway API CRDs $gw_v (standard channel)"
kc apply --server-side -f "$gw_dir/config/crd/standard" >/dev/null
step "kube-router (NetworkPolicy, $kr_v)"
start kube-router "$KR" --kubeconfig="$RUN/kube-router.kubeconfig" --hostname-override="$NODE" \
  --run-firewall=true --run-router=false --run-service-proxy=false --enable-cni=false \
  --service-cluster-ip-range="$SERVICE_CIDR" --metrics-port=0 --health-port=0 -v=1

wait_for "node $NODE Ready" 120 sh -c "'$BIN/kubectl' --kubeconfig '$KUBECONFIG_OUT' get node '$NODE' -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}' | grep -qx True"
wait_for "CoreDNS ready" 180 kc -n kube-system rollout status deploy/coredns --timeout=5s
step "up"
usage
