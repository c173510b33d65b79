#!/usr/bin/env bash
# The service under a hostile mix (issue 25): on the sample city, a clerk logs LOGS vacancies
# one after another and asks `whoami` between them, first alone, then beside each load:
#   - 16 deep verifies held open (each client re-sends as soon as it is answered or refused);
#   - 32 deep verifies abandoned (each socket closed right after the request);
#   - 16 slow readers of `vacancies?format=json` (one 4 KiB read a second).
# Prints the clerk's p50/p99 for each, as a ratio to alone, and the server's peak memory
# (VmHWM) after each. Usage: Benchmarks/run-hostile.sh [BIN] [LOGS]
#   BIN: vacancy-ledger with vacancy-ledger-network beside it (default: build them, release).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-}
logs=${2:-100}
if [ -z "$bin" ]; then
  swift build -c release --product vacancy-ledger >/dev/null
  swift build -c release --product vacancy-ledger-network >/dev/null
  bin=$(swift build -c release --show-bin-path)/vacancy-ledger
fi
work=$(mktemp -d)
trap 'kill ${server:-} 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"
"$bin" demo --db city.sqlite >/dev/null 2>&1
secret() { "$bin" token issue --db city.sqlite --format json "$@" | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])'; }
clerk=$(secret --role clerk --organisation AAB --name "Åse")
hostile=$(secret --role clerk --organisation FSB --name "Frede")
others=$(for i in $(seq 32); do secret --role auditor --name "Reader $i"; done | paste -sd,)
"$bin" serve --db city.sqlite --port 0 2> serve.log &
server=$!
for _ in $(seq 200); do grep -q "listening on" serve.log && break; sleep 0.1; done
port=$(grep -o 'http://127.0.0.1:[0-9]*' serve.log | head -1 | cut -d: -f3)
department=$("$bin" department list --db city.sqlite --format json | python3 -c '
import json, sys; print(next(d["id"] for d in json.load(sys.stdin) if d["id"].startswith("AAB-")))')
python3 - "$port" "$logs" "$clerk" "$hostile" "$others" "$department" "$server" <<'PY'
import http.client, json, socket, sys, threading, time
port, logs, clerk, hostile, others, department, pid = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5].split(","), sys.argv[6], sys.argv[7]
port = int(port)

def peak_mb():
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmHWM:"): return int(line.split()[1]) / 1024
    return 0.0

def rss_mb():
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"): return int(line.split()[1]) / 1024
    return 0.0

serial = [0]
def clerk_run():
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    logged, asked = [], []
    for i in range(logs):
        serial[0] += 1
        body = json.dumps({"department": department, "unit": f"H{serial[0]}", "ref": f"hostile-{serial[0]}",
                           "date": "2027-06-01", "format": "json"})
        start = time.perf_counter()
        connection.request("POST", "/v1/log", body, {"Authorization": "Bearer " + clerk, "Content-Type": "application/json"})
        answer = connection.getresponse(); answer.read()
        logged.append((time.perf_counter() - start) * 1000)
        assert answer.status == 200, answer.status
        start = time.perf_counter()
        connection.request("GET", "/v1/whoami", headers={"Authorization": "Bearer " + clerk})
        answer = connection.getresponse(); answer.read()
        asked.append((time.perf_counter() - start) * 1000)
    q = lambda xs, p: sorted(xs)[min(len(xs) - 1, int(p * len(xs)))]
    return q(logged, 0.5), q(logged, 0.99), q(asked, 0.5), q(asked, 0.99)

stop = threading.Event()
def held_verify(token):
    while not stop.is_set():
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            c.request("GET", "/v1/verify?deep=true", headers={"Authorization": "Bearer " + token})
            r = c.getresponse(); r.read(); c.close()
            if r.status == 429: time.sleep(0.2)
        except Exception:
            time.sleep(0.2)

def abandoned_verify(token):
    while not stop.is_set():
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(f"GET /v1/verify?deep=true HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\r\n".encode())
        s.close()
        time.sleep(0.5)

def slow_reader(token):
    while not stop.is_set():
        s = socket.create_connection(("127.0.0.1", port))
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        s.sendall(f"GET /v1/vacancies?format=json HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\r\n".encode())
        while not stop.is_set():
            try:
                if not s.recv(4096): break
            except OSError:
                break
            time.sleep(1)
        s.close()

def run(name, target, count, tokens):
    stop.clear()
    threads = [threading.Thread(target=target, args=(tokens[i % len(tokens)],), daemon=True) for i in range(count)]
    for t in threads: t.start()
    time.sleep(2)
    result = clerk_run()
    rss = rss_mb()
    stop.set()
    return name, result, rss

rows = [("alone", clerk_run(), rss_mb())]
rows.append(run("16 deep verifies held open by one clerk", held_verify, 16, [hostile]))
rows.append(run("32 deep verifies abandoned", abandoned_verify, 32, others))
rows.append(run("16 slow readers of vacancies (JSON)", slow_reader, 16, others))
base = rows[0][1]
print(f"{logs} logs by one clerk, each followed by a whoami, on the sample city")
print("| load | log p50 | log p99 | whoami p50 | whoami p99 | log p50 / alone | server RSS |")
print("|---|---:|---:|---:|---:|---:|---:|")
for name, (lp50, lp99, wp50, wp99), rss in rows:
    print(f"| {name} | {lp50:.1f} ms | {lp99:.1f} ms | {wp50:.2f} ms | {wp99:.2f} ms | {lp50 / base[0]:.2f} | {rss:.0f} MB |")
print(f"server peak memory (VmHWM): {peak_mb():.0f} MB")
PY
