#!/usr/bin/env bash
# One process serving N municipalities of the example's size (each its own loket.yaml over the
# example's content, as a region's municipalities share theirs): the time from start until every
# municipality is ready (/readyz 200), and the resident memory after one chat message to each.
# Chat only (no database) for N in 1 10 50; with a database (LOKET_DATABASE_URL, a scratch
# database: each municipality's schema is made there) for N in 1 10 30, with the PostgreSQL
# connections the process holds (nothing else may use that database meanwhile). Then chat
# requests/s over 64 keep-alive connections spread over every municipality (each connection one
# resident keeping the session loket issued, as in conversation_state_bench.sh), for
# CHAT_SECONDS (default 5; 0 skips it).
# Usage: tests/bench/hosting_bench.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build/test}"
loket="$PWD/$build/server/loket"
bench="$PWD/$build/tests/loket_http_bench"
chat_seconds="${CHAT_SECONDS:-5}"
example="${LOKET_EXAMPLES:-$PWD/config/examples}"
work=$(mktemp -d)
pid=
trap '[[ -n "$pid" ]] && kill -9 "$pid" 2>/dev/null; rm -rf "$work"' EXIT

# The example's content layers (not its additions file), as absolute paths.
layers=$(awk -v root="$example/noorderhaven" '
  /^content:/ { on = 1; next }
  on && /^  - / { if ($2 !~ /aanvullingen/) list = list (list ? ", " : "") "'"'"'" root "/" $2 "'"'"'"; next }
  on && !/^ *#/ { on = 0 }
  END { print "[" list "]" }' "$example/noorderhaven/loket.yaml")

run() {  # N WITH_DATABASE
  local n=$1 db=$2 dir="$work/n$1-$2"
  mkdir -p "$dir"
  { echo "server: {listen: 127.0.0.1:0}"; echo "municipalities:"; } >"$dir/hosting.yaml"
  for i in $(seq 1 "$n"); do
    mkdir -p "$dir/m$i"
    printf 'municipality: Gemeente %s\nlanguages: {default: nl, supported: [nl, en, de]}\ncontent: %s\nlimits: {chat_per_client_per_minute: 0, chat_per_session_per_minute: 0}\n' \
      "m$i" "$layers" >"$dir/m$i/loket.yaml"
    echo "  - {id: m$i, hosts: [m$i.example], config: m$i/loket.yaml}" >>"$dir/hosting.yaml"
  done
  local env=(env LOKET_DATABASE_URL=)
  [[ "$db" == db ]] && env=(env LOKET_DATABASE_URL="$LOKET_DATABASE_URL")
  local start end port
  start=$(date +%s.%N)
  "${env[@]}" "$loket" serve --config "$dir/hosting.yaml" --threads 2 2>"$dir/log" &
  pid=$!
  for _ in $(seq 1 3000); do
    port=$(grep -o 'event=listening.*port=[0-9]*' "$dir/log" | grep -o '[0-9]*$' || true)
    [[ -n "$port" ]] && curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break
    sleep 0.05
  done
  end=$(date +%s.%N)
  for i in $(seq 1 "$n"); do
    curl -fs -o /dev/null -H 'Content-Type: application/json' \
      -d '{"text":"paspoort aanvragen"}' "http://127.0.0.1:$port/m/m$i/api/v1/chat"
  done
  local rss threads connections=-
  if [[ "$db" == db ]]; then
    sleep 3  # the dispatchers' first polls open their connections
    connections=$(psql "$LOKET_DATABASE_URL" -Atc "SELECT count(*) FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid()")
  fi
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  threads=$(awk '/Threads/ {print $2}' "/proc/$pid/status")
  local chat=-
  if [[ "$chat_seconds" != 0 ]]; then
    chat=$("$bench" --port "$port" --path /api/v1/chat --connections 64 --seconds "$chat_seconds" \
      --keep-session 1 --host-headers "$(seq -f 'm%g.example' -s , 1 "$n")" \
      --body '{"text":"wanneer wordt het afval bij mij opgehaald?"}' |
      python3 -c 'import json, sys; d = json.load(sys.stdin); print(d["rps"], "errors", d["errors"])')
  fi
  kill -TERM "$pid"; wait "$pid" || true; pid=
  printf '%-8s N=%-3s ready after %6.2f s   RSS %7d kB   threads %4d   connections %s   chat/s %s\n' \
    "$db" "$n" "$(echo "$end - $start" | bc)" "$rss" "$threads" "$connections" "$chat"
}

for n in 1 10 50; do run "$n" chat-only; done
if [[ -n "${LOKET_DATABASE_URL:-}" ]]; then
  for n in 1 10 30; do run "$n" db; done
fi
