#!/usr/bin/env bash
# The service under load: CLIENTS threads each POST EACH logs to /v1/log (half to each of two
# organisations, with their clerks' tokens), against a release build, then verify. Prints
# throughput and latency percentiles, then raw SQLite's same inserts, one synced transaction
# each (`scale-bench raw --batch 1` into a copy of the ledger from before), for the ratio.
# Usage: Benchmarks/run-service.sh [CLIENTS] [EACH] [BIN]
#   (cd Benchmarks && swift build -c release --product scale-bench) first.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
clients=${1:-8}
each=${2:-200}
bin=${3:-}
if [ -z "$bin" ]; then
  # `vacancy-ledger serve` hands over to vacancy-ledger-network beside it.
  swift build -c release --product vacancy-ledger >/dev/null
  swift build -c release --product vacancy-ledger-network >/dev/null
  bin=$(swift build -c release --show-bin-path)/vacancy-ledger
fi
work=$(mktemp -d)
cd "$work"
"$bin" init --db l.sqlite >/dev/null
"$bin" department add AAB-15 --db l.sqlite --name "Ærtebjerghave" --units 500 --staircase department --step 1 >/dev/null
"$bin" department add FSB-2 --db l.sqlite --name "Østerbrogården" --units 500 --staircase department --step 4 >/dev/null
secret() { "$bin" token issue --db l.sqlite --format json "$@" | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])'; }
aab=$(secret --role clerk --organisation AAB --name "Åse")
fsb=$(secret --role clerk --organisation FSB --name "Frede")
sqlite3 l.sqlite "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
cp l.sqlite before.sqlite
"$bin" serve --db l.sqlite --port 0 2> serve.log &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q "listening on" serve.log && break; sleep 0.1; done
port=$(grep -o 'http://127.0.0.1:[0-9]*' serve.log | head -1 | cut -d: -f3)
python3 - "$port" "$clients" "$each" "$aab" "$fsb" <<'PY'
import http.client, json, statistics, sys, threading, time
port, clients, each, aab, fsb = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
latencies, statuses, lock = [], {}, threading.Lock()
def client(c):
    connection = http.client.HTTPConnection("127.0.0.1", port)
    for i in range(each):
        department, token = ("AAB-15", aab) if i % 2 == 0 else ("FSB-2", fsb)
        body = json.dumps({"department": department, "unit": f"c{c}-{i}", "ref": f"c{c}-{i}",
                           "date": f"2024-{1 + i % 12:02d}-{1 + c % 28:02d}", "format": "json"})
        start = time.perf_counter()
        connection.request("POST", "/v1/log", body, {"Authorization": "Bearer " + token, "Content-Type": "application/json"})
        answer = connection.getresponse(); answer.read()
        with lock:
            latencies.append(time.perf_counter() - start); statuses[answer.status] = statuses.get(answer.status, 0) + 1
start = time.perf_counter()
threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
for t in threads: t.start()
for t in threads: t.join()
elapsed = time.perf_counter() - start
latencies.sort()
q = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000
print(f"{clients} clients x {each} logs: {len(latencies)} requests in {elapsed:.2f} s = {len(latencies) / elapsed:.0f} logs/s; "
      f"latency p50 {q(0.5):.1f} ms, p90 {q(0.9):.1f} ms, p99 {q(0.99):.1f} ms; statuses {statuses}")
PY
kill -TERM $server; wait $server || true
"$bin" verify --db l.sqlite | head -1
echo "vacancies: $(sqlite3 l.sqlite 'SELECT count(*) FROM vacancy')"
"$root/Benchmarks/.build/release/scale-bench" raw --from l.sqlite --into before.sqlite --batch 1
