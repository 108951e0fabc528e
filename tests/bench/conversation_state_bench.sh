#!/usr/bin/env bash
# Chat requests per second with each conversation's state in PostgreSQL against in this
# process's memory, beside /healthz of the same process: 64 keep-alive connections, each one
# resident keeping the session loket issued (so every turn loads and saves its state), the
# example municipality with the chat's limits off. Target: chat with PostgreSQL at least 0.5 of
# /healthz. Prints one JSON line per run and the ratios.
# Usage: tests/bench/conversation_state_bench.sh [BUILD_DIR] [SECONDS]
# Needs PostgreSQL 15 (deploy/start-postgres.sh; the current user may CREATE DATABASE).
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build/test}"
seconds="${2:-10}"
source tests/bench/bench_database.sh
bench="$build/tests/loket_http_bench"
body='{"text":"wanneer wordt het afval bij mij opgehaald?"}'

# Serves with the environment given as arguments; waits until it listens (and, with a
# database, until its dispatcher is up); sets $port.
serve() {
  local log="$work/log.$RANDOM"
  port=""
  env "$@" "$build/server/loket" serve --config "$config" --listen 127.0.0.1:0 \
    >/dev/null 2>"$log" &
  pids+=($!)
  for _ in $(seq 200); do
    port=$(grep -o 'event=listening .*port=[0-9]*' "$log" | grep -o '[0-9]*$' || true)
    if [[ -n "$port" ]] && { [[ $# -eq 0 ]] || grep -q 'dispatcher started' "$log"; }; then
      return
    fi
    sleep 0.1
  done
  echo "conversation_state_bench: loket did not start" >&2
  cat "$log" >&2
  exit 1
}

statements() {
  psql -At -d "$db" -c "SELECT xact_commit FROM pg_stat_database WHERE datname = '$db'"
}

run() {  # label port
  local health chat before after
  health=$("$bench" --port "$2" --path /healthz --connections 64 --seconds "$seconds")
  before=$(statements)
  chat=$("$bench" --port "$2" --path /api/v1/chat --connections 64 --seconds "$seconds" \
    --keep-session 1 --body "$body")
  sleep 1  # the statistics reach pg_stat_database within a second
  after=$(statements)
  echo "$1 healthz: $health"
  echo "$1 chat: $chat"
  echo "$1 statements in $db during the chat run: $((after - before))"
  python3 - "$1" "$health" "$chat" <<'PY'
import json, sys
h, c = json.loads(sys.argv[2]), json.loads(sys.argv[3])
print(f"{sys.argv[1]}: chat/healthz {c['rps'] / h['rps']:.2f} (target with postgresql >= 0.5)")
PY
}

serve
run memory "$port"
kill "${pids[-1]}"
serve LOKET_DATABASE_URL="postgresql:///$db"
run postgresql "$port"
echo "conversation_state rows: $(psql -At -d "$db" -c 'SELECT count(*) FROM conversation_state')"
