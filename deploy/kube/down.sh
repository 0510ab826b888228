#!/usr/bin/env bash
# make kube-down: stops the cluster make kube-up started and removes everything it
# made: its processes (by the pids it recorded, and containerd's shims by its
# socket), the pods' sandboxes and their networks (through CRI and CNI), the
# mounts under its directories, the kubelet's cgroups, the iptables rules and
# ipsets of kube-proxy, kube-router and the kubelet, the bridge, and the run
# directory. The two sysctls kube-up set are put back. The image archives and
# containerd's image store in $KUBE_CACHE and the binaries in
# .local/kube/<version>/bin stay (the cache).
# Safe to run when nothing is up.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$here/common.sh"
[ "$(id -u)" = 0 ] || die "run as root"
BIN=$(ls -d "$root"/.local/kube/v*/bin 2>/dev/null | head -1)

stop() { # stop NAME: SIGTERM, then SIGKILL after 15 s
  local p; p=$(pidof_ "$1") || return 0
  if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then
    kill "$p" 2>/dev/null
    for _ in $(seq 150); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$p" 2>/dev/null && kill -9 "$p" 2>/dev/null
    echo "  stopped $1" >&2
  fi
  rm -f "$RUN/pids/$1.pid"
}

step "stopping the control loops and the kubelet"
for c in kube-router kube-controller-manager kube-scheduler kubelet; do stop "$c"; done

if [ -S "$CSOCK" ] && alive containerd; then
  step "pod sandboxes (stopped through CRI: CNI removes their veths and addresses)"
  # The network namespaces containerd made, to unmount if a stop fails.
  netns=$(ctr containers ls -q 2>/dev/null | while read -r id; do
    ctr containers info "$id" 2>/dev/null | sed -n 's|.*"path": "\(/var/run/netns/cni-[^"]*\)".*|\1|p'
  done | sort -u)
  if [ -x "$BIN/sandboxes" ]; then "$BIN/sandboxes" "unix://$CSOCK"
  else (cd "$here" && GOWORK=off GOFLAGS=-mod=readonly go run ./sandboxes "unix://$CSOCK"); fi || true
fi
for c in containerd; do stop "$c"; done
# Shims outlive containerd: those of this containerd name its socket.
for p in $(pids_naming "$CSOCK"); do
  kill -9 "$p" 2>/dev/null && echo "  killed shim $p" >&2
done

step "kube-proxy and its rules"
stop kube-proxy
[ -x "$BIN/kube-proxy" ] && "$BIN/kube-proxy" --cleanup >/dev/null 2>&1
kr=$(ls "$BIN"/kube-router-* 2>/dev/null | head -1)
[ -n "$kr" ] && "$kr" --cleanup-config >/dev/null 2>&1
stop kube-apiserver
stop etcd

step "mounts, namespaces, cgroups, rules, the bridge"
for m in $(awk -v a="$RUN" -v b="$CSTATE" -v c="$CROOT" '$2 ~ "^"a || $2 ~ "^"b || $2 ~ "^"c { print $2 }' /proc/self/mounts | sort -r); do
  umount -l "$m" 2>/dev/null && echo "  unmounted $m" >&2
done
# Those of a cluster that died without make kube-down (killed, or the machine
# restarted under it) are found too: containerd's CNI names them cni-*, podman's
# netavark netns-*, and one no process is in is held by its bind mount alone.
for n in ${netns:-} /run/netns/cni-*; do
  [ -e "$n" ] || continue
  [ -z "$(ip netns pids "${n##*/}" 2>/dev/null)" ] || continue
  umount "$n" 2>/dev/null; rm -f "$n" && echo "  removed $n" >&2
done
# The kubelet's pod cgroups (cgroupfs driver): children first.
for d in /sys/fs/cgroup/*/kubepods; do
  [ -d "$d" ] && find "$d" -depth -type d -exec rmdir {} + 2>/dev/null
done
# What kube-proxy's and kube-router's cleanups leave: the kubelet's and kube-proxy's
# canary and hint chains (KUBE-*), kube-router's (KUBE-ROUTER-*, KUBE-POD-FW-*,
# KUBE-NWPLCY-*, KUBE-SRC-*, KUBE-DST-*). No one else on this machine makes KUBE- chains.
for fam in iptables ip6tables; do
  command -v "$fam-save" >/dev/null || continue
  for table in filter nat mangle raw; do
    chains=$("$fam-save" -t "$table" 2>/dev/null | sed -n 's/^:\(KUBE-[^ ]*\).*/\1/p')
    [ -n "$chains" ] || continue
    # Rules that jump to them from any chain, then the chains.
    "$fam-save" -t "$table" | grep -E '^-A ' | grep -E -- '-j KUBE-' | grep -vE '^-A KUBE-' | sed 's/^-A/-D/' |
      while read -r rule; do eval "$fam -t $table $rule" 2>/dev/null; done
    for c in $chains; do "$fam" -t "$table" -F "$c" 2>/dev/null; done
    for c in $chains; do "$fam" -t "$table" -X "$c" 2>/dev/null; done
  done
done
while iptables -t mangle -D FORWARD -i "$BRIDGE" ! -o "$BRIDGE" -m comment --comment "$FORWARD_RULE_COMMENT" -j DROP 2>/dev/null; do :; done
if command -v ipset >/dev/null; then
  for s in $(ipset list -n 2>/dev/null | grep -E '^(KUBE-|kube-router-)'); do ipset destroy "$s" 2>/dev/null; done
fi
# veths left on the bridge (a pod whose CNI teardown failed), then the bridge.
for v in $(ip -o link show master "$BRIDGE" 2>/dev/null | awk -F': ' '{ print $2 }' | cut -d@ -f1); do
  ip link del "$v" 2>/dev/null && echo "  removed $v" >&2
done
ip link del "$BRIDGE" 2>/dev/null && echo "  removed bridge $BRIDGE" >&2
[ -f "$RUN/ip_forward.before" ] && cat "$RUN/ip_forward.before" >/proc/sys/net/ipv4/ip_forward
[ -f "$RUN/bridge-nf-call-iptables.before" ] && cat "$RUN/bridge-nf-call-iptables.before" >/proc/sys/net/bridge/bridge-nf-call-iptables

rm -rf "$RUN" "$CSTATE" "$KUBECONFIG_OUT"
step "down"
left=$(pids_naming "$root/.local/kube/" "$CSOCK")
[ -z "$left" ] || { echo "kube-down: still running:" >&2; for p in $left; do tr '\0' ' ' </proc/$p/cmdline >&2; echo >&2; done; }
