#!/usr/bin/env bash
# Requests per second and latency over loopback, 64 keep-alive connections: /healthz against
# /api/v1/chat and the neighbourhood page (/api/v1/area/9701AB, /buurt/9701AB) with the example
# municipality. Usage: tests/bench/http_bench.sh [BUILD_DIR] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build/test}"
seconds="${2:-10}"
log=$(mktemp)
configs=$(mktemp -d)
source tests/bench/unlimited_example.sh
config=$(unlimited_example "$configs")
"$build/server/loket" serve --config "$config" \
  --listen 127.0.0.1:0 2>"$log" &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$log" "$configs"' EXIT
for _ in $(seq 100); do
  port=$(grep -o 'event=listening .*port=[0-9]*' "$log" | grep -o '[0-9]*$' || true)
  [[ -n "$port" ]] && break
  sleep 0.1
done
bench="$build/tests/loket_http_bench"
health=$("$bench" --port "$port" --path /healthz --connections 64 --seconds "$seconds")
chat=$("$bench" --port "$port" --path /api/v1/chat --connections 64 --seconds "$seconds" \
  --body '{"session":"bench","text":"wanneer wordt het afval bij mij opgehaald?"}')
area=$("$bench" --port "$port" --path /api/v1/area/9701AB --connections 64 --seconds "$seconds")
page=$("$bench" --port "$port" --path /buurt/9701AB --connections 64 --seconds "$seconds")
echo "$health"
echo "$chat"
echo "$area"
echo "$page"
python3 - "$health" "$chat" "$area" "$page" <<'PY'
import json, sys
h, c, a, p = (json.loads(arg) for arg in sys.argv[1:5])
print(f"chat/healthz rate: {c['rps'] / h['rps']:.2f} (target >= 0.60); chat p99 {c['p99_ms']:.2f} ms (target < 10)")
print(f"area API/healthz rate: {a['rps'] / h['rps']:.2f}, page/healthz: {p['rps'] / h['rps']:.2f}; "
      f"p99 {a['p99_ms']:.2f} and {p['p99_ms']:.2f} ms")
PY
