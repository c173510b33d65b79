#!/usr/bin/env bash
# Importing through the service against importing the file (issue 28): the sample city's
# history (its ~20,000 vacancies and the municipality's answers, as one association's file)
# into a ledger with the city's departments, locally and through `serve` as an admin, in
# the same run; then a 100,000-row feed (the history five times over, new refs) through the
# service, with the server's peak memory. Prints wall times, the ratio, and VmHWM.
# Usage: Benchmarks/run-import-service.sh [BIN]
#   BIN: vacancy-ledger with vacancy-ledger-network beside it (default: build them, release).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-}
if [ -z "$bin" ]; then
  swift build -c release --product vacancy-ledger >/dev/null
  swift build -c release --product vacancy-ledger-network >/dev/null
  bin=$(swift build -c release --show-bin-path)/vacancy-ledger
fi
work=$(mktemp -d)
trap 'kill ${server:-} 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"
"$bin" demo --db city.sqlite >/dev/null 2>&1
# The history as an association's file: every vacancy with its active answer, by id.
sqlite3 -csv -header city.sqlite "
  SELECT coalesce(v.ref, 'v' || v.id) AS ref, v.department, v.unit, v.vacancy_date AS date,
         coalesce(s.outcome, '') AS outcome, coalesce(s.settled_on, '') AS settled_on
  FROM vacancy v LEFT JOIN settlement s ON s.vacancy_id = v.id
       AND NOT EXISTS (SELECT 1 FROM correction c WHERE c.settlement_id = s.id)
  WHERE NOT EXISTS (SELECT 1 FROM correction c WHERE c.vacancy_id = v.id)
  ORDER BY v.id" > history.csv
python3 - <<'PY'
import csv
rows = list(csv.DictReader(open("history.csv")))
with open("feed-100k.csv", "w", newline="") as out:
    w = csv.DictWriter(out, fieldnames=rows[0].keys()); w.writeheader()
    n = 0
    for k in range(6):
        for r in rows:
            if n == 100000: break
            w.writerow({**r, "ref": f"{r['ref']}-{k}", "unit": f"{r['unit']}-{k}"}); n += 1
PY
"$bin" sample --out . >/dev/null
"$bin" init --db base.sqlite >/dev/null
"$bin" department import city-departments.csv --db base.sqlite >/dev/null
for copy in local served big; do "$bin" backup "$copy.sqlite" --db base.sqlite >/dev/null; done
rows=$(($(wc -l < history.csv) - 1))

seconds() { python3 -c 'import sys, time; print(f"{float(sys.argv[2]) - float(sys.argv[1]):.2f}")' "$@"; }
start=$(date +%s.%N)
/usr/bin/time -f "%M" -o local.rss "$bin" import history.csv --db local.sqlite --by bench >/dev/null 2>local.err
local_s=$(seconds "$start" "$(date +%s.%N)")

serve() {
  "$bin" serve --db "$1" --port 0 2> "$1.log" &
  server=$!
  for _ in $(seq 200); do grep -q "listening on" "$1.log" && break; sleep 0.1; done
  port=$(grep -o 'http://127.0.0.1:[0-9]*' "$1.log" | head -1 | cut -d: -f3)
}
peak() { awk '/VmHWM/ { print $2 }' "/proc/$server/status"; }
admin=$("$bin" token issue --db served.sqlite --role admin --name "Bench" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')
serve served.sqlite
before=$(peak)
start=$(date +%s.%N)
VACANCY_LEDGER_SERVER=http://127.0.0.1:$port VACANCY_LEDGER_TOKEN=$admin "$bin" import history.csv >/dev/null 2>served.err
served_s=$(seconds "$start" "$(date +%s.%N)")
served_peak=$(peak)
kill -TERM $server; wait $server || true

admin=$("$bin" token issue --db big.sqlite --role admin --name "Bench" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')
serve big.sqlite
big_before=$(peak)
start=$(date +%s.%N)
VACANCY_LEDGER_SERVER=http://127.0.0.1:$port VACANCY_LEDGER_TOKEN=$admin "$bin" import feed-100k.csv >/dev/null 2>big.err
big_s=$(seconds "$start" "$(date +%s.%N)")
big_peak=$(peak)
kill -TERM $server; wait $server || true

echo "history: $rows rows ($(tail -1 local.err))"
echo "  locally:            ${local_s} s, peak RSS $(($(cat local.rss) / 1024)) MB"
echo "  through the service: ${served_s} s ($(tail -1 served.err)); server VmHWM $((before / 1024)) MB before, $((served_peak / 1024)) MB after"
python3 -c 'import sys; print(f"  ratio service / local: {float(sys.argv[2]) / float(sys.argv[1]):.2f}")' "$local_s" "$served_s"
echo "feed of 100,000 rows through the service: ${big_s} s ($(tail -1 big.err)); server VmHWM $((big_before / 1024)) MB before, $((big_peak / 1024)) MB after, file $(($(stat -c %s feed-100k.csv) / 1024 / 1024)) MB"
for db in local served; do "$bin" verify --db "$db.sqlite" | head -1; done
