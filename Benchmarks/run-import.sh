#!/bin/sh
# The import benchmark (BENCHMARKS.md, "Importing a million vacancies"): generates N
# vacancies over D departments, imports them with the release CLI, then has raw SQLite
# insert the same rows into a copy of the same starting ledger in the same batches.
#
#   swift build -c release --product vacancy-ledger
#   (cd Benchmarks && swift build -c release --product scale-bench)
#   Benchmarks/run-import.sh 1000000 2000 [WORKDIR]
set -eu
N=${1:-1000000}
D=${2:-2000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
V=$ROOT/.build/release/vacancy-ledger
B=$ROOT/Benchmarks/.build/release/scale-bench
W=${3:-$(mktemp -d)}
mkdir -p "$W"
rm -f "$W"/base.sqlite* "$W"/ledger.sqlite* "$W"/raw.sqlite*
"$B" generate --departments "$D" --vacancies "$N" --out "$W"
"$V" --db "$W/base.sqlite" init --by bench >/dev/null
"$V" --db "$W/base.sqlite" department import "$W/departments.csv" --by bench >/dev/null
"$V" --db "$W/base.sqlite" backup "$W/ledger.sqlite" >/dev/null
"$V" --db "$W/base.sqlite" backup "$W/raw.sqlite" >/dev/null
/usr/bin/time -f "import (CLI process): %e s wall, %U s user, %S s sys, %M KB peak RSS" \
    "$V" --db "$W/ledger.sqlite" import "$W/vacancies.csv" --by bench --report "$W/report.csv" >/dev/null
# The same page cache as the ledger's importing connection (ImportStaging.pageCacheKiB).
SCALE_BENCH_PRAGMAS="PRAGMA cache_size = -32768" /usr/bin/time -f "raw (process): %e s wall, %M KB peak RSS" \
    "$B" raw --from "$W/ledger.sqlite" --into "$W/raw.sqlite"
echo "files in $W"
