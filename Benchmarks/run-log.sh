#!/bin/sh
# `log` as one process against raw SQLite doing the same work (BENCHMARKS.md, "log as one
# process"), on the sample city's ledger (`demo`):
#   - `--version` and `log --dry-run` (start-up, no write);
#   - a real `log` on a ledger in use (the ledger grows by one vacancy a run);
#   - a real `log` on a fresh copy of the ledger each run, against the `sqlite3` shell
#     replaying that same log's two INSERTs (the vacancy and its journal entry: the same
#     triggers, the same synced commit, foreign keys on) on a fresh copy each run.
#
#   swift build -c release --product vacancy-ledger --static-swift-stdlib -Xswiftc -static-executable
#   Benchmarks/run-log.sh [RUNS]          (needs hyperfine and sqlite3)
set -eu
RUNS=${1:-50}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
V=$ROOT/.build/release/vacancy-ledger
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
"$V" demo --db "$W/demo.sqlite" > /dev/null
D=$(sqlite3 "$W/demo.sqlite" "SELECT id FROM department ORDER BY id LIMIT 1")
DATE=2027-06-01
# The rows one real log writes, as SQL: log once on a copy, read them back.
cp "$W/demo.sqlite" "$W/once.sqlite"
"$V" --db "$W/once.sqlite" log "$D" --unit bench --date "$DATE" --by bench > /dev/null
vacancy=$(sqlite3 "$W/once.sqlite" "SELECT max(id) FROM vacancy")
entry=$(sqlite3 "$W/once.sqlite" "SELECT max(seq) FROM journal")
{
  echo "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; BEGIN IMMEDIATE;"
  sqlite3 "$W/once.sqlite" ".mode insert vacancy" "SELECT * FROM vacancy WHERE id = $vacancy"
  sqlite3 "$W/once.sqlite" ".mode insert journal" "SELECT * FROM journal WHERE seq = $entry"
  echo "COMMIT;"
} > "$W/one.sql"
fresh() { echo "cp $W/demo.sqlite $W/$1.sqlite && rm -f $W/$1.sqlite-wal $W/$1.sqlite-shm"; }
hyperfine -N --warmup 5 --runs "$RUNS" --export-json "$W/h1.json" "$V --version" \
    "$V --db $W/demo.sqlite log $D --unit x --date $DATE --dry-run" "sqlite3 $W/demo.sqlite 'SELECT 1'"
cp "$W/demo.sqlite" "$W/used.sqlite"
hyperfine -N --warmup 5 --runs "$RUNS" --export-json "$W/h2.json" "$V --db $W/used.sqlite log $D --unit x --date $DATE --by bench"
hyperfine --warmup 2 --runs "$RUNS" --export-json "$W/h3.json" --prepare "$(fresh cli)" \
    "$V --db $W/cli.sqlite log $D --unit bench --date $DATE --by bench"
hyperfine --warmup 2 --runs "$RUNS" --export-json "$W/h4.json" --prepare "$(fresh raw)" "sqlite3 $W/raw.sqlite -init $W/one.sql .quit"
# The medians (the issue's measure), user and system time means, for BENCHMARKS.md.
if command -v python3 > /dev/null; then
    python3 - "$W" <<'PY'
import json, sys
print("median ms | user ms | system ms | command")
for n in range(1, 5):
    for r in json.load(open(f"{sys.argv[1]}/h{n}.json"))["results"]:
        command = r["command"].replace(sys.argv[1] + "/", "")
        print(f"{r['median'] * 1000:9.2f} | {r['user'] * 1000:7.2f} | {r['system'] * 1000:9.2f} | {command[-80:]}")
PY
fi
