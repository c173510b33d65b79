#!/bin/sh
# The cost of one write as one process, between two builds (BENCHMARKS.md, "One in three by
# dates: the cost of a write"): `log` and a realised `settle` on a fresh copy of the sample
# city's ledger each run (the copy is not timed), the builds alternating, median wall time.
#
#   Benchmarks/run-write-cost.sh OLD_BINARY NEW_BINARY [RUNS]
set -eu
OLD=$1 NEW=$2 RUNS=${3:-11}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
D=3B-1
for side in old new; do
    if [ $side = old ]; then B=$OLD; else B=$NEW; fi
    "$B" demo --db "$W/$side.sqlite" > /dev/null 2>&1
    # Log until the department's next vacancy is offered: that is the one settled below.
    i=0
    while [ $i -lt 12 ]; do
        if "$B" --db "$W/$side.sqlite" log $D --unit "b$i" --date 2026-12-01 --by bench --format json 2>/dev/null |
            grep -q '"offered" *: *true'; then break; fi
        i=$((i + 1))
    done
    sqlite3 "$W/$side.sqlite" "SELECT max(id) FROM vacancy" > "$W/$side.offer"
done
one() {  # one timed run on a fresh copy; prints microseconds
    cp "$W/$1.sqlite" "$W/run.sqlite"; rm -f "$W/run.sqlite-wal" "$W/run.sqlite-shm"
    shift
    s=$(date +%s%N); "$@" > /dev/null 2>&1 || true; e=$(date +%s%N)
    echo $(( (e - s) / 1000 ))
}
: > "$W/times"
r=0
while [ $r -lt "$RUNS" ]; do
    for side in old new; do
        if [ $side = old ]; then B=$OLD; else B=$NEW; fi
        echo "$side log $(one $side "$B" --db "$W/run.sqlite" log $D --unit bench --date 2026-12-02 --by bench)" >> "$W/times"
        echo "$side settle $(one $side "$B" --db "$W/run.sqlite" settle "$(cat "$W/$side.offer")" --outcome referred --date 2026-12-02 --by bench)" >> "$W/times"
    done
    r=$((r + 1))
done
for key in "old log" "new log" "old settle" "new settle"; do
    grep "^$key " "$W/times" | awk '{ print $3 }' | sort -n |
        awk -v k="$key" '{ x[NR] = $1 } END { printf "%s: median %.2f ms of %d runs\n", k, x[int((NR + 1) / 2)] / 1000, NR }'
done
