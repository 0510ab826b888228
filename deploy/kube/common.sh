# Shared by deploy/kube/up.sh and down.sh (sourced; $root and $here are set).
KUBE_CACHE=${KUBE_CACHE:-/var/tmp/zsuite-kube}
RUN=$root/.local/kube/run            # everything the running cluster writes
CSTATE=/run/zsuite-kube              # containerd's state and socket (short paths)
CSOCK=$CSTATE/containerd.sock
# containerd's root (its content store, unpacked images, metadata) outlives the
# cluster like the image archives: a warm make kube-up imports nothing. make
# kube-down removes every pod and container from it, not the images.
CROOT=$KUBE_CACHE/containerd
KUBECONFIG_OUT=$root/.local/kube/kubeconfig
NODE=zsuite-kube
NODE_IP=10.244.0.1                   # the bridge's address: the node, the apiserver, the pods' gateway
BRIDGE=zkube0
FORWARD_RULE_COMMENT="zsuite-kube: pods stay on the machine"
POD_CIDR=10.244.0.0/24
SERVICE_CIDR=10.96.0.0/16
DNS_IP=10.96.0.10
API_PORT=6443                        # the usual port (kubeadm, kind): the gateway's NetworkPolicy admits the API server on 443 and 6443
ETCD_PORT=12379
ETCD_PEER_PORT=12380
KUBELET_PORT=10350
# The order make kube-down stops them in.
COMPONENTS="kube-router kube-proxy kubelet kube-scheduler kube-controller-manager kube-apiserver etcd containerd"

step() { printf '== kube: %s (%ss)\n' "$*" "$SECONDS" >&2; }
die() { echo "kube: $*" >&2; exit 1; }
pidof_() { cat "$RUN/pids/$1.pid" 2>/dev/null; }
alive() { local p; p=$(pidof_ "$1") && [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }
start() { # start NAME COMMAND ARGS...: in the background, in its own session, logging to logs/NAME.log
  local name=$1; shift
  setsid "$@" >>"$RUN/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN/pids/$name.pid"
  sleep 0.2
  alive "$name" || { tail -20 "$RUN/logs/$name.log" >&2; die "$name exited at once (log: $RUN/logs/$name.log)"; }
}
# pids_naming STRING...: the processes whose command line has one of the strings
# (read here, so that no grep of ours, whose arguments hold them, is counted).
pids_naming() {
  local d cmd s
  for d in /proc/[0-9]*; do
    [ "${d#/proc/}" != "$$" ] && [ "${d#/proc/}" != "$BASHPID" ] || continue
    cmd=$( { tr '\0' ' ' <"$d/cmdline"; } 2>/dev/null) || continue
    for s in "$@"; do
      if [[ $cmd == *"$s"* ]]; then echo "${d#/proc/}"; break; fi
    done
  done
}
kc() { "$BIN/kubectl" --kubeconfig "$KUBECONFIG_OUT" "$@"; }
ctr() { command ctr --address "$CSOCK" --namespace k8s.io "$@"; }
wait_for() { # wait_for WHAT SECONDS COMMAND...
  local what=$1 secs=$2 t0=$SECONDS; shift 2
  until "$@" >/dev/null 2>&1; do
    if [ $((SECONDS - t0)) -ge "$secs" ]; then
      echo "kube: timed out after ${secs}s waiting for $what; the logs are in $RUN/logs; make kube-down removes what was started" >&2
      for c in $COMPONENTS; do alive "$c" || [ ! -f "$RUN/pids/$c.pid" ] || echo "  $c is not running" >&2; done
      exit 1
    fi
    sleep 1
  done
  echo "  $what ($((SECONDS - t0))s)" >&2
}
usage() {
  cat <<EOF
The cluster is up (node $NODE, API https://$NODE_IP:$API_PORT). Use it with:

  export KUBECONFIG=$KUBECONFIG_OUT
  $(ls -d "$root"/.local/kube/v*/bin 2>/dev/null | head -1)/kubectl get nodes
  kubectl apply -k deploy/k8s/overlays/dev     # the suite; its images are already imported

make kube-down stops it and removes everything it made (logs: $RUN/logs).
EOF
}
