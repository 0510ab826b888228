#!/usr/bin/env bash
# Proves the README's regeneration workflow: in a scratch clone, add an rpc to
# proto/user.proto and an endpoint to user-api/user.api, run make gen, and check
# that the project builds with new logic stubs and every existing logic file untouched.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
# mktemp's directory is its owner's alone; as root, a local Postgres that
# make gen starts (when none runs) runs as the postgres user, which must reach
# its data directory below it.
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT
git clone -q "$src" "$work/repo"
cd "$work/repo"

python3 - <<'PY'
p = 'proto/user.proto'
s = open(p).read()
s = s.replace('service User {', '''message UpdateEmailReq {
  int64 id = 1;
  string email = 2;
}

message UpdateEmailResp {
  UserInfo user = 1;
}

service User {
  rpc UpdateEmail(UpdateEmailReq) returns (UpdateEmailResp);''', 1)
open(p, 'w').write(s)
p = 'user-api/user.api'
s = open(p).read()
s = s.replace('\tLoginResp {', '\tUpdateEmailReq {\n\t\tEmail string `json:"email"`\n\t}\n\tLoginResp {', 1)
s = s.replace('\t@handler me\n\tget /me returns (User)', '\t@handler me\n\tget /me returns (User)\n\n\t@handler updateEmail\n\tput /me/email (UpdateEmailReq) returns (User)', 1)
open(p, 'w').write(s)
PY

logic_before=$(git ls-files '*/internal/logic/*' | xargs sha256sum)
make gen >/dev/null
for f in user-rpc/internal/logic/update_email_logic.go user-api/internal/logic/user/update_email_logic.go; do
  [ -f "$f" ] || { echo "make gen did not create $f"; exit 1; }
done
if ! diff <(echo "$logic_before") <(git ls-files '*/internal/logic/*' | xargs sha256sum) >/dev/null; then
  echo "make gen changed existing logic files:"; git status --short -- '*/internal/logic/*'; exit 1
fi
go build $(go list -m -f '{{.Path}}/...')  # every module of go.work
echo "regeneration workflow: new rpc and endpoint generate, existing logic untouched, everything builds"
