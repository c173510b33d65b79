#!/usr/bin/env bash
# The API as documented (issue 25): schemathesis 4.x, `--checks all`, against the OpenAPI
# document a served throwaway sample city answers. CI runs it.
# - An admin token, so that every operation is reachable; what a request may still be
#   refused for because of what the ledger holds is declared in schemathesis.toml.
# - `POST /v1/token-revoke` and `/v1/token-rotate` run on their own, last, with a token of
#   their own: a generated id may be that very token's, and every later request of the run
#   would then be 401.
# Usage: scripts/api-check.sh [BIN] [EXAMPLES]
#   BIN: vacancy-ledger with vacancy-ledger-network beside it (default: build them, release).
set -euo pipefail
# BIN may be relative to the caller's folder (.ci/run passes ./.build/release/…): make it
# absolute before this script changes folder.
if [ -n "${1:-}" ]; then set -- "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")" "${@:2}"; fi
cd "$(dirname "$0")/.."
root=$(pwd)
bin=${1:-}
examples=${2:-40}
if [ -z "$bin" ]; then
  swift build -c release --product vacancy-ledger >/dev/null
  swift build -c release --product vacancy-ledger-network >/dev/null
  bin=$(swift build -c release --show-bin-path)/vacancy-ledger
fi
command -v schemathesis >/dev/null || { echo "api-check: schemathesis is not on PATH (pip install schemathesis)" >&2; exit 1; }
work=$(mktemp -d)
trap 'echo "api-check: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
trap 'kill ${server:-} 2>/dev/null || true; rm -rf "$work"' EXIT
"$bin" demo --db "$work/city.sqlite" >/dev/null 2>&1
secret() { "$bin" token issue --db "$work/city.sqlite" --format json "$@" | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])'; }
admin=$(secret --role admin --name "API check")
revoker=$(secret --role admin --name "API check, revoking")
"$bin" serve --db "$work/city.sqlite" --port 0 2> "$work/serve.log" &
server=$!
for _ in $(seq 200); do grep -q "listening on" "$work/serve.log" && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/serve.log" | head -1)
[ -n "$url" ] || { cat "$work/serve.log" >&2; echo "api-check: the service did not start" >&2; exit 1; }
run() {
  # schemathesis.toml (beside this repository's Package.swift) is read from the working folder.
  (cd "$root" && schemathesis run "$url/openapi.yaml" --checks all --max-examples "$examples" \
    --seed 25 --workers 1 --report-dir "$work/report" "$@")
}
run -H "Authorization: Bearer $admin" --exclude-path /v1/token-revoke --exclude-path /v1/token-rotate
run -H "Authorization: Bearer $revoker" --include-path /v1/token-revoke --include-path /v1/token-rotate
