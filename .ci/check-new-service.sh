#!/usr/bin/env bash
# Proves the README's "Adding a service": in a scratch clone, make new-service
# NAME=payment and make gen give a fifth service that builds, leaves generated
# code in sync (make gen-check), starts with the others under make run and
# registers payment.rpc in etcd, and passes make test (every module, the
# deploy checks with the Kubernetes control plane, the bench's tests).
#
# The scratch clone shares the local stack that is running (etcd and the four
# services' stores answer on their ports and are reused); what it starts
# itself, payment's Postgres and Redis, it stops at the end.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
# mktemp's directory is its owner's alone; as root, the local Postgres runs as
# the postgres user, which must reach its data directory below it.
chmod 755 "$work"
run_pid=
cleanup() {
  if [ -n "$run_pid" ]; then kill -TERM -- "-$run_pid" 2>/dev/null || true; wait "$run_pid" 2>/dev/null || true; fi
  if [ -d "$work/repo" ]; then (cd "$work/repo" && make --no-print-directory stack-down >/dev/null 2>&1) || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
git clone -q "$src" "$work/repo"
cd "$work/repo"
# The generated TypeScript client's packages, as the source checkout has them
# installed (make gen reads them; npm ci would fetch them again).
if [ -d "$src/clients/ts/node_modules" ]; then cp -a "$src/clients/ts/node_modules" clients/ts/; fi

echo "-- the name is validated"
for bad in Payment pay-ment user; do
  if make --no-print-directory new-service NAME=$bad >/dev/null 2>&1; then echo "make new-service NAME=$bad was accepted"; exit 1; fi
done
[ -z "$(git status --porcelain)" ] || { echo "a refused make new-service changed files:"; git status --short; exit 1; }

echo "-- make new-service NAME=payment && make gen"
make --no-print-directory new-service NAME=payment
make --no-print-directory gen >/dev/null
git add -A
git -c user.name=ci -c user.email=ci@localhost commit -qm "make new-service NAME=payment"

echo "-- the line by hand and the own files, then make gen, give the same tree"
# Every file the commit added or changed that is not the service's own goes
# back to what it was; make gen (and tidy, as make new-service runs it) must
# make them again from the topology line alone.
own='^(deploy/topology|proto/payment\.proto|payment-rpc/.*|deploy/k8s/base/payment-rpc\.yaml|deploy/k8s/overlays/prod/secrets\.example/payment-rpc\.env)$'
rendered=$(git diff --name-only --diff-filter=M HEAD~1 HEAD | grep -Ev "$own" || true)
added=$(git diff --name-only --diff-filter=A HEAD~1 HEAD | grep -Ev "$own" || true)
[ -n "$rendered" ] || { echo "make new-service + make gen changed no file outside payment-rpc's own"; exit 1; }
git checkout -q HEAD~1 -- $rendered
[ -z "$added" ] || rm -f $added
make --no-print-directory gen >/dev/null
(cd deploy && GOWORK=off go mod tidy)
if ! git diff --quiet HEAD -- . || [ -n "$(git ls-files --others --exclude-standard)" ]; then
  echo "the line by hand + make gen differs from make new-service + make gen:"; git status --short; git diff HEAD --stat; exit 1
fi
# git checkout staged the old contents: the index goes back to the commit's.
git reset -q
echo "$(echo "$rendered" $added | wc -w) files rendered again from the topology line: $(echo $rendered $added)"

echo "-- make gen-check, make contract-check (a new contract breaks no client)"
make --no-print-directory gen-check >/dev/null
make --no-print-directory contract-check >/dev/null

echo "-- everything builds"
go build $(go list -m -f '{{.Path}}/...')

echo "-- make run starts five services, payment.rpc registers in etcd"
setsid make --no-print-directory run >"$work/run.log" 2>&1 &
run_pid=$!
for _ in $(seq 600); do
  grep -q "The suite is up" "$work/run.log" && break
  kill -0 "$run_pid" 2>/dev/null || { echo "make run stopped:"; tail -n 40 "$work/run.log"; exit 1; }
  sleep 1
done
grep -q "The suite is up" "$work/run.log" || { echo "make run did not come up in 10 minutes:"; tail -n 40 "$work/run.log"; exit 1; }
services=$(awk '!/^#/ && NF {print $1}' deploy/topology)
[ "$(echo "$services" | wc -l)" = 5 ] || { echo "deploy/topology lists $(echo "$services" | wc -l) services, want 5"; exit 1; }
while read -r svc _ _ _ ready _; do
  curl -sf "http://127.0.0.1:$ready/readyz" >/dev/null || { echo "$svc is not ready on :$ready"; exit 1; }
done < <(awk '!/^#/ && NF' deploy/topology)
# etcd's JSON gateway: keys under payment.rpc (go-zero registers payment.rpc/<lease>).
source deploy/local/ports.env
count=$(curl -sf "http://127.0.0.1:$ETCD_PORT/v3/kv/range" \
  -d "{\"key\":\"$(printf payment.rpc/ | base64)\",\"range_end\":\"$(printf payment.rpc0 | base64)\",\"count_only\":true}" |
  python3 -c 'import json,sys; print(json.load(sys.stdin).get("count", "0"))')
[ "$count" -ge 1 ] || { echo "payment.rpc is not registered in etcd (count $count)"; exit 1; }
kill -TERM -- "-$run_pid"
wait "$run_pid" || true
run_pid=

echo "-- make test"
make --no-print-directory test
echo "new service: make new-service NAME=payment builds, generates in sync, runs, registers and passes make test"
