#!/usr/bin/env bash
# Heap allocations per chat turn over HTTP, counted by heaptrack (Debian's heaptrack package):
# the example municipality served with one I/O thread, once idle and once answering N requests
# over one keep-alive connection (questions, a postcode answer, small talk); the difference
# divided by N is what one turn costs, HTTP parsing and writing included.
# Usage: tests/bench/chat_allocations.sh [LOKET_BINARY] [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
binary="${1:-build/test/server/loket}"
requests="${2:-2000}"
command -v heaptrack >/dev/null || { echo "chat_allocations: install heaptrack" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source tests/bench/unlimited_example.sh
config=$(unlimited_example "$work")

# Total allocation calls of one serve run that answers $1 requests.
allocations() {
  local log="$work/log" port=""
  heaptrack -o "$work/trace" "$binary" serve --config "$config" \
    --listen 127.0.0.1:0 --threads 1 2>"$log" >/dev/null &
  local tracer=$!
  for _ in $(seq 300); do
    port=$(grep -o 'event=listening .*port=[0-9]*' "$log" | grep -o '[0-9]*$' || true)
    [[ -n "$port" ]] && break
    sleep 0.1
  done
  [[ -n "$port" ]] || { echo "chat_allocations: loket did not start" >&2; exit 1; }
  python3 - "$port" "$1" <<'PY'
import http.client, json, sys
port, n = int(sys.argv[1]), int(sys.argv[2])
texts = ["Hoe vraag ik een paspoort aan?", "wanneer wordt het afval bij mij opgehaald?", "9701 AB",
         "Ik ga verhuizen, wat moet ik doen?", "How do I apply for a parking permit?",
         "schrijf een gedicht over kaas", "Kan ik bijzondere bijstand krijgen?", "Wat kost een rijbewijs?"]
c = http.client.HTTPConnection("127.0.0.1", port)
for i in range(n):
    # Eight turns a conversation, each in the session loket issued at its first turn.
    request = {"text": texts[i % 8]}
    if i % 8:
        request["session"] = session
    c.request("POST", "/api/v1/chat", json.dumps(request),
              {"Content-Type": "application/json"})
    r = c.getresponse()
    session = json.loads(r.read())["session"]
    if r.status != 200:
        sys.exit("chat answered %d" % r.status)
PY
  kill -INT "$(pgrep -P "$tracer" -f "serve --config" || echo "$tracer")" 2>/dev/null || true
  wait "$tracer" || true
  heaptrack_print "$work"/trace.* 2>/dev/null | sed -n 's/^calls to allocation functions: \([0-9]*\).*/\1/p'
  rm -f "$work"/trace.*
}

idle=$(allocations 0)
busy=$(allocations "$requests")
python3 - "$idle" "$busy" "$requests" "$binary" <<'PY'
import sys
idle, busy, n, binary = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
print(f'{{"binary": "{binary}", "requests": {n}, "allocations_idle": {idle}, '
      f'"allocations_busy": {busy}, "allocations_per_turn": {(busy - idle) / n:.1f}}}')
PY
