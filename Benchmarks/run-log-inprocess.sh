#!/bin/sh
# A single `log` in process against raw SQLite doing the same inserts (BENCHMARKS.md, "A
# single log in process"), on a copy of LEDGER (the sample city's `demo`, or the 1M ledger
# of run-import.sh). Each round:
#   - `scale-bench log` logs COUNT vacancies through the library (`Ledger.log`: one IMMEDIATE
#     transaction each, the decision read back) into a copy of LEDGER;
#   - `scale-bench raw --batch 1` inserts the rows those logs wrote (the vacancy and its
#     journal entry: the same triggers) into another copy of LEDGER with the C API and
#     prepared statements, one synced IMMEDIATE transaction each: no reads, no decision.
# Both print CPU per vacancy, user and system apart.
#
#   (cd Benchmarks && swift build -c release --product scale-bench)
#   Benchmarks/run-log-inprocess.sh LEDGER [COUNT] [ROUNDS]
set -eu
L=$1
N=${2:-300}
R=${3:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=$ROOT/Benchmarks/.build/release/scale-bench
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
sqlite3 "$L" "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
for round in $(seq 1 "$R"); do
    rm -f "$W"/*
    cp "$L" "$W/before.sqlite"
    cp "$L" "$W/library.sqlite"
    "$B" log --db "$W/library.sqlite" --count "$N"
    "$B" raw --from "$W/library.sqlite" --into "$W/before.sqlite" --batch 1
done
