#!/usr/bin/env bash
# Chat requests per second through HAProxy (the shipped deploy/haproxy/haproxy.cfg, round robin)
# over 1, 2 and 3 `loket serve` instances on one PostgreSQL, each connection one resident keeping
# its issued session (conversation state in PostgreSQL), and the CPU each request cost: loket's,
# HAProxy's and PostgreSQL's, from /proc over the run. On a machine with more cores than the
# load needs, the rate scales with the instances; here every part shares the same cores, so the
# CPU per request is the figure that carries over.
# Usage: tests/bench/haproxy_bench.sh [BUILD_DIR] [SECONDS]
# Needs haproxy and PostgreSQL 15 (deploy/start-postgres.sh; the current user may CREATE DATABASE).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
build="${1:-build/test}"
seconds="${2:-10}"
source tests/bench/bench_database.sh
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
ticks() {  # CPU ticks (user + system) of the processes whose command line matches $1
  local total=0
  for p in $(pgrep -f "$1"); do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
hz=$(getconf CLK_TCK)
body='{"text":"wanneer wordt het afval bij mij opgehaald?"}'

echo "| instances | chat req/s | p50 | p99 | CPU per request: loket | HAProxy | PostgreSQL | all |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in 1 2 3; do
  ports=()
  for _ in $(seq "$n"); do
    port=$(free_port)
    LOKET_DATABASE_URL="postgresql:///$db" LOKET_SESSION_SECRET=bench-secret-0123456789abcdef0123456789 \
      "$build/server/loket" serve --config "$config" --listen "127.0.0.1:$port" \
      >/dev/null 2>"$work/loket-$port.log" &
    pids+=($!)
    ports+=("$port")
  done
  for port in "${ports[@]}"; do
    for _ in $(seq 100); do
      python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/readyz', timeout=1)" \
        2>/dev/null && break
      sleep 0.1
    done
  done
  front=$(free_port)
  {
    sed -e "s/^  bind :8080/  bind 127.0.0.1:$front/" -e '/^  server /d' -e 's/^  maxconn .*/  maxconn 4000/' \
      "$root/deploy/haproxy/haproxy.cfg"
    i=0
    for port in "${ports[@]}"; do echo "  server loket$i 127.0.0.1:$port check"; i=$((i + 1)); done
  } >"$work/haproxy.cfg"
  haproxy -db -f "$work/haproxy.cfg" >"$work/haproxy.log" 2>&1 &
  haproxy_pid=$!
  pids+=($haproxy_pid)
  sleep 2
  l0=$(ticks "loket serve"); h0=$(ticks "haproxy -db"); p0=$(ticks "postgres: ")
  result=$("$build/tests/loket_http_bench" --port "$front" --path /api/v1/chat --connections 64 \
    --seconds "$seconds" --warmup 0 --keep-session 1 --body "$body")
  l1=$(ticks "loket serve"); h1=$(ticks "haproxy -db"); p1=$(ticks "postgres: ")
  python3 - "$n" "$result" "$((l1 - l0))" "$((h1 - h0))" "$((p1 - p0))" "$hz" <<'PY'
import json, sys
n, r = sys.argv[1], json.loads(sys.argv[2])
loket, haproxy, pg, hz = (int(x) for x in sys.argv[3:7])
us = lambda ticks: ticks / hz / max(1, r["requests"]) * 1e6
print(f"| {n} | {r['rps']:,.0f} | {r['p50_ms']:.1f} ms | {r['p99_ms']:.1f} ms | {us(loket):.0f} µs | "
      f"{us(haproxy):.0f} µs | {us(pg):.0f} µs | {us(loket + haproxy + pg):.0f} µs |")
PY
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pids=()
done
