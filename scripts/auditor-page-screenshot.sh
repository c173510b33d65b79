#!/usr/bin/env bash
# Serves the small sample ledger, signs in as an auditor and photographs the auditor's page
# (GET /) with headless Chromium, so a person can check it. The page itself loads nothing
# from elsewhere; Chromium cannot send a bearer header, so a few lines of Python on
# loopback add it (the page's own login would need a browser that types).
# Usage: scripts/auditor-page-screenshot.sh [OUT.png] [QUERY]   e.g. "organisation=AAB&status=at-limit"
# Needs Debian's chromium (apt-get install chromium) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-auditor-page.png}
query=${2:-}
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
work=$(mktemp -d)
swift build --product vacancy-ledger >/dev/null
bin=$(swift build --show-bin-path)/vacancy-ledger
cd "$work"
"$bin" demo --small --db ledger.sqlite >/dev/null 2>&1
token=$("$bin" token issue --db ledger.sqlite --role auditor --name "Revisor" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')
"$bin" serve --db ledger.sqlite --port 0 2> serve.log &
server=$!
trap 'kill $server $proxy 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q "listening on" serve.log && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*' serve.log | head -1)
# A loopback proxy that adds the auditor's token to every request.
cat > proxy.py <<'PY'
import http.server, sys, urllib.error, urllib.request
upstream, token = sys.argv[1], sys.argv[2]
class Proxy(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        request = urllib.request.Request(upstream + self.path, headers={"Authorization": "Bearer " + token})
        try:
            answer = urllib.request.urlopen(request)
        except urllib.error.HTTPError as error:
            answer = error
        with answer:
            body = answer.read()
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.headers.get("Content-Type", "text/plain"))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
    def log_message(self, *args): pass
server = http.server.HTTPServer(("127.0.0.1", 0), Proxy)
print(server.server_address[1], flush=True)
server.serve_forever()
PY
python3 proxy.py "$url" "$token" > proxy.port &
proxy=$!
for _ in $(seq 50); do [ -s proxy.port ] && break; sleep 0.1; done
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1150,2200 \
  --screenshot="$out" "http://127.0.0.1:$(cat proxy.port)/?$query" 2>/dev/null
echo "$out (served from $work/ledger.sqlite; request log in $work/serve.log)"
