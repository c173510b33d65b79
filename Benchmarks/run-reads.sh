#!/bin/sh
# The reads benchmark (BENCHMARKS.md, "Reads over a million vacancies", issue 10): every
# read command of the release CLI as one process on a ledger made by the import benchmark,
# each paired with raw SQLite (the `sqlite3` shell) doing the corresponding work on the same
# file in the same run. Prints a Markdown table: median wall time of RUNS runs, the largest
# peak RSS of them, and the ratio CLI / raw.
#
#   swift build -c release --product vacancy-ledger --static-swift-stdlib -Xswiftc -static-executable
#   Benchmarks/run-import.sh 1000000 2000 /tmp/import-1m     # builds the ledger
#   Benchmarks/run-reads.sh /tmp/import-1m/ledger.sqlite [RUNS] [ONLY]
#
# ONLY: run just the rows whose label contains it (e.g. `audit`).
#
# The ledger is only read, except that one vacancy is logged after a checkpoint to time
# `verify --since` (so run it on a copy if the file must stay as imported).
set -eu
L=$1
RUNS=${2:-3}
ONLY=${3:-}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
V=$ROOT/.build/release/vacancy-ledger
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# measure NAME CMD…: runs CMD RUNS times (output discarded); prints "median_s max_KB".
measure() {
    i=0
    : > "$T/times"
    while [ $i -lt "$RUNS" ]; do
        # Wall time by the clock in nanoseconds (time(1) rounds to 10 ms), peak RSS by time(1).
        start=$(date +%s%N)
        /usr/bin/time -f "%M" -o "$T/one" "$@" > /dev/null 2>> "$T/stderr" || { echo "failed: $*" >&2; cat "$T/stderr" >&2; exit 1; }
        end=$(date +%s%N)
        echo "$(( (end - start) / 1000 )) $(cat "$T/one")" | awk '{ printf "%.6f %d\n", $1 / 1e6, $2 }' >> "$T/times"
        i=$((i + 1))
    done
    sort -n "$T/times" | awk -v n="$RUNS" '{ t[NR] = $1; if ($2 > m) m = $2 } END { printf "%s %d\n", t[int((n + 1) / 2)], m }'
}

# row LABEL "CLI command" "raw command": one table row.
row() {
    label=$1 cli=$2 raw=$3
    case "$label" in *"$ONLY"*) ;; *) return 0 ;; esac
    c=$(eval "measure $cli")
    if [ -n "$raw" ]; then r=$(eval "measure $raw"); else r="- -"; fi
    echo "$c $r" | awk -v label="$label" '{
        ratio = ($3 == "-" || $3 == 0) ? "" : sprintf("%.1f", $1 / $3)
        raw = ($3 == "-") ? "—" : ($3 < 1 ? sprintf("%.0f ms", $3 * 1000) : sprintf("%.2f s", $3))
        cli = $1 < 1 ? sprintf("%.0f ms", $1 * 1000) : sprintf("%.2f s", $1)
        printf "| %s | %s, %.0f MB | %s | %s |\n", label, cli, $2 / 1024, raw, ratio }'
}

Y=2025
W="vacancy_date BETWEEN '$Y-01-01' AND '$Y-12-31'"
echo "| command | CLI (median of $RUNS, peak RSS) | raw SQLite | CLI / raw |"
echo "|---|---:|---:|---:|"
row "\`audit --format csv\`" "$V --db $L audit --format csv" \
    "sqlite3 $L 'SELECT * FROM counters JOIN lettings USING (department, period_id)'"
row "\`audit --group-by city --format csv\`" "$V --db $L audit --group-by city --format csv" \
    "sqlite3 $L 'SELECT period_id, sum(vacancies), sum(offered), sum(referred) FROM counters GROUP BY period_id'"
# The window's recount as the audit does it: counters and lettings by route over the
# window's active vacancies, each with its active settlement; by the date index (without
# it SQLite walks the department index over the whole history to spare the GROUP BY sort).
recount() {
    echo "SELECT v.department, v.period_id, count(*), sum(v.offered), sum(v.offered AND s.id IS NULL),
        sum(s.outcome = 'referred'), sum(s.outcome = 'rehoused'), sum(s.outcome = 'returned'),
        sum(v.withheld = 'cap'), sum(v.withheld = 'fourth'), sum(v.withheld = 'exempt'),
        sum(CASE WHEN s.outcome = 'returned' THEN v.fallback_route ELSE v.route END = 'referral'),
        sum(CASE WHEN s.outcome = 'returned' THEN v.fallback_route ELSE v.route END = 'flexible')
      FROM vacancy v INDEXED BY vacancy_by_date
      LEFT JOIN settlement s ON s.vacancy_id = v.id AND NOT EXISTS (SELECT 1 FROM correction sc WHERE sc.settlement_id = s.id)
      LEFT JOIN correction c ON c.vacancy_id = v.id
      WHERE c.id IS NULL AND v.vacancy_date BETWEEN '$1' AND '$2' GROUP BY v.department, v.period_id"
}
echo "$(recount $Y-01-01 $Y-12-31)" > "$T/year.sql"
echo "$(recount $Y-03-15 $Y-11-20)" > "$T/window.sql"
row "\`audit --year $Y --format csv\`" "$V --db $L audit --year $Y --format csv" \
    "sqlite3 -init $T/year.sql $L .quit"
row "\`audit --from $Y-03-15 --to $Y-11-20\`" "$V --db $L audit --from $Y-03-15 --to $Y-11-20 --format csv" \
    "sqlite3 -init $T/window.sql $L .quit"
# What a window's audit shows besides the window's figures (RULES.md §7): the period's
# figures as of the window's last day (a recount from the period's start) and the realised
# answers settled by then.
P0=$(sqlite3 "$L" "SELECT min(starts) FROM period")
asof() { recount "$P0" "$1"; echo ";"; echo "SELECT department, period_id, count(*) FROM settlement s JOIN vacancy v ON v.id = s.vacancy_id
      WHERE s.outcome IN ('referred', 'rehoused') AND s.settled_on <= '$1'
        AND NOT EXISTS (SELECT 1 FROM correction c WHERE c.settlement_id = s.id OR c.vacancy_id = v.id) GROUP BY 1, 2;"; }
{ cat "$T/year.sql"; echo ";"; asof $Y-12-31; } > "$T/year-asof.sql"
{ cat "$T/window.sql"; echo ";"; asof $Y-11-20; } > "$T/window-asof.sql"
row "\`audit --year $Y --format csv\` vs the recount of all it shows" "$V --db $L audit --year $Y --format csv" \
    "sqlite3 -init $T/year-asof.sql $L .quit"
row "\`audit --from $Y-03-15 --to $Y-11-20\` vs the recount of all it shows" "$V --db $L audit --from $Y-03-15 --to $Y-11-20 --format csv" \
    "sqlite3 -init $T/window-asof.sql $L .quit"
row "\`export --year $Y --format csv\` vs the year's rows" "$V --db $L export --year $Y --format csv -o $T/e.csv" \
    "sqlite3 -csv $L \"SELECT * FROM vacancy WHERE $W\""
# The export's own queries (Store.forEachExportRow): the year's lettings, a range of the
# kept `letting` table (m011) with each row's vacancy; then the offers pending at year-end.
cat > "$T/export.sql" <<SQL
SELECT v.id, v.department, v.number, v.unit, v.vacancy_date, v.offered, v.route, v.fallback_route,
       v.criteria, v.rehousing, v.withheld, v.rules, l.outcome, l.letting_date, l.staircase, l.step, l.policy_version, l.hash
FROM letting l JOIN vacancy v ON v.id = l.vacancy_id
WHERE l.letting_date BETWEEN '$Y-01-01' AND '$Y-12-31'
ORDER BY l.letting_date, l.organisation, l.department_number, l.department, l.number, l.vacancy_id;
SELECT v.id, v.department, v.number, v.unit, v.vacancy_date, v.offered, v.route, v.fallback_route,
       v.criteria, v.rehousing, v.withheld, v.rules, NULL, NULL, p.staircase, p.step, pv.version, coalesce(j.hash, '')
FROM vacancy v
JOIN placement p ON p.id = v.placement_id
JOIN policy_version pv ON pv.id = v.policy_version_id
LEFT JOIN journal j ON j.kind = 'vacancy' AND j.entity = v.id
WHERE v.offered = 1 AND v.vacancy_date <= '$Y-12-31'
  AND NOT EXISTS (SELECT 1 FROM correction c WHERE c.vacancy_id = v.id)
  AND NOT EXISTS (SELECT 1 FROM settlement s WHERE s.vacancy_id = v.id AND s.settled_on <= '$Y-12-31'
                  AND NOT EXISTS (SELECT 1 FROM correction sc WHERE sc.settlement_id = s.id))
ORDER BY v.vacancy_date, substr(v.department, 1, instr(v.department, '-') - 1),
  CAST(substr(v.department, instr(v.department, '-') + 1) AS INTEGER), v.department, v.number;
SQL
row "\`export --year $Y --format csv\` vs the same joins and order" "$V --db $L export --year $Y --format csv -o $T/e.csv" \
    "sqlite3 -csv -init $T/export.sql $L .quit"
# verify --export against the export it checks (issue 24: at most 2× the export's time).
"$V" --db "$L" export --year $Y --format csv -o "$T/check.csv" > /dev/null 2>&1
"$V" --db "$L" export --year $Y --format json -o "$T/check.json" > /dev/null 2>&1
row "\`verify --export\` CSV vs \`export --year $Y --format csv\`" "$V --db $L verify --export $T/check.csv" \
    "$V --db $L export --year $Y --format csv -o $T/e.csv"
row "\`verify --export\` JSON vs \`export --year $Y --format json\`" "$V --db $L verify --export $T/check.json" \
    "$V --db $L export --year $Y --format json -o $T/e.json"
row "\`vacancies --format csv\` vs every row" "$V --db $L vacancies --format csv" \
    "sqlite3 -csv $L 'SELECT * FROM vacancy'"
row "\`vacancies --format csv\` vs the same joins and order" "$V --db $L vacancies --format csv" \
    "sqlite3 -csv $L 'SELECT v.*, s.*, c.* FROM vacancy v NOT INDEXED LEFT JOIN settlement s ON s.vacancy_id = v.id AND NOT EXISTS (SELECT 1 FROM correction sc WHERE sc.settlement_id = s.id) LEFT JOIN correction c ON c.vacancy_id = v.id ORDER BY v.department, v.period_id, v.number, v.id'"
row "\`report --year $Y\`" "$V --db $L report --year $Y" \
    "sqlite3 $L \"SELECT substr(month, 1, 4), sum(vacancies) FROM counters_by_month WHERE month LIKE '$Y-%' GROUP BY 1\""
row "\`report --year $Y\` vs the rows it reads" "$V --db $L report --year $Y" \
    "sqlite3 -csv $L \"SELECT * FROM counters_by_month WHERE month BETWEEN '$Y-01' AND '$Y-12'\""
row "\`report --year $Y\` vs the recount of all it shows" "$V --db $L report --year $Y" \
    "sqlite3 -init $T/year-asof.sql $L .quit"
row "\`verify\` (every entry; raw: reading them)" "$V --db $L verify" \
    "sqlite3 $L 'SELECT count(*) FROM journal WHERE length(payload) > 0 AND length(hash) = 64'"
row "\`verify --deep\`" "$V --db $L verify --deep" \
    "sqlite3 $L 'PRAGMA integrity_check'"
case "verify --since" in *"$ONLY"*)
    "$V" --db "$L" checkpoint -o "$T/cp.txt" > /dev/null 2>&1
    D=$(sqlite3 "$L" "SELECT id FROM department LIMIT 1")
    "$V" --db "$L" log "$D" --unit "reads-bench-$$" --date 2027-12-31 --by bench > /dev/null 2>&1 ;;
esac
row "\`verify --since CHECKPOINT\` (one entry after it)" "$V --db $L verify --since $T/cp.txt" ""
echo
echo "journal entries: $(sqlite3 "$L" 'SELECT count(*) FROM journal'), vacancies: $(sqlite3 "$L" 'SELECT count(*) FROM vacancy')"
