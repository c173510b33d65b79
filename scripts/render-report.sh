#!/usr/bin/env bash
# Renders the year-end HTML report of the sample ledger to a PNG with headless Chromium,
# so a person can look at it. Usage: scripts/render-report.sh [YEAR] [OUT.png]
# Needs Debian's chromium (apt-get install chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
year=${1:-2024}
out=${2:-report-$year.png}
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
work=$(mktemp -d)
swift build --product vacancy-ledger >/dev/null
bin=$(swift build --show-bin-path)/vacancy-ledger
(cd "$work" && "$bin" demo --db demo.sqlite >/dev/null 2>&1 && "$bin" report --db demo.sqlite --year "$year" --html report.html >/dev/null)
# No network: the page is self-contained (no scripts, no external resources).
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=900,1500 \
  --screenshot="$out" "file://$work/report.html" 2>/dev/null
echo "$out (from $work/report.html)"
