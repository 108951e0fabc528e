#!/usr/bin/env bash
# Notification dispatch: loket against graphile-worker, on the same PostgreSQL, to the same
# loopback webhook receiver (tests/bench/dispatch/receiver.js, node http, keep-alive).
#
#   loket           CONTACTS webhook contacts (topic afval) imported with one contacts:import
#                   (timed on its own); then one notification to all of them: deliveries/s is
#                   CONTACTS / (POST /admin/v1/notifications -> the receiver has every delivery),
#                   so the fan-out is inside the time. Then enqueue-to-send latency: one contact on
#                   topic werkzaamheden, LATENCY_RUNS notifications one at a time on the idle
#                   server, POST start -> arrival at the receiver; p50 and p99. Once per dispatcher
#                   batch size in BATCHES, each with a fresh database; then the latency part once
#                   more on a fresh database that holds only that one contact.
#   graphile-worker CONTACTS jobs added in bulk (addJobs, batches of 10,000) into a fresh database,
#                   then a worker whose task POSTs the same JSON (with an Idempotency-Key) to the
#                   same receiver over keep-alive; jobs/s is CONTACTS / (run() -> the receiver has
#                   every job). Options: concurrentJobs GW_CONCURRENCY, localQueue.size
#                   GW_LOCAL_QUEUE, completeJobBatchDelay and failJobBatchDelay GW_BATCH_DELAY_MS
#                   (its documented batching for throughput). The defaults were the fastest of
#                   those tried here (concurrency 10-64, localQueue concurrency+1 to 1000, batch
#                   delays 0 and 250 ms: 9,300-13,000 jobs/s). graphile-worker 0.18.0 asks for
#                   node >= 22.18 in its package.json; used as a library with an in-process task
#                   list it runs on node 20.19+ (which can require() its ES modules).
#
# Prints a Markdown table (deliveries/s, total s, latency) and the loket/graphile-worker ratio,
# then the CPU seconds each process group (the system under test, its PostgreSQL backends, the
# receiver, other work on the machine) used during each throughput window (cpu_watch.js); progress
# and any warnings or errors from loket's log go to stderr. Takes about four minutes.
#
# Usage: tests/bench/dispatch_bench.sh
#   LOKET          loket binary (default build/server/loket)
#   CONTACTS       contacts / jobs (default 100000)
#   BATCHES        loket notifications.batch values to run (default "200 1000")
#   WORKERS        loket notifications.workers (claim-send-record loops; default: loket's own)
#   LOKET_THREADS  loket serve --threads (I/O threads; default: loket's own, one per core)
#   LATENCY_RUNS   single notifications for the latency figures (default 200)
#   GW_CONCURRENCY graphile-worker concurrentJobs (default 32; maxPoolSize is one more)
#   GW_LOCAL_QUEUE graphile-worker localQueue.size (default 500)
#   GW_BATCH_DELAY_MS  completeJobBatchDelay and failJobBatchDelay (default 0)
#   LOG_DIR        keep the logs and raw results here (default: a temporary folder, removed)
#   IDLE_WAIT_S    before each part, wait up to this long for the machine to be less than 15%
#                  busy (default 0: do not wait); how busy it was before each part is printed
#                  either way, since other work (a build, say) skews every figure here
# Needs PostgreSQL 15 (started with deploy/start-postgres.sh; the current user may CREATE
# DATABASE), node and npm (graphile-worker is installed with `npm ci` into
# tests/bench/dispatch/graphile/node_modules from the committed package-lock.json).
set -euo pipefail
# shellcheck source=npm_ci_locked.sh
source "$(dirname "$0")/npm_ci_locked.sh"
cd "$(dirname "$0")/../.."
root=$PWD
bench="$root/tests/bench/dispatch"

loket=${LOKET:-build/server/loket}
contacts=${CONTACTS:-100000}
batches=${BATCHES:-"200 1000"}
latency_runs=${LATENCY_RUNS:-200}
workers=${WORKERS:-}
gw_concurrency=${GW_CONCURRENCY:-32}
gw_local_queue=${GW_LOCAL_QUEUE:-500}
gw_batch_delay=${GW_BATCH_DELAY_MS:-0}
token="dispatch-bench-$RANDOM$RANDOM"

for tool in node npm psql createdb dropdb; do
  command -v "$tool" >/dev/null || { echo "error: $tool is not installed" >&2; exit 1; }
done
if [[ ! -x "$loket" ]]; then
  echo "error: no loket binary at $loket; build it first or set LOKET" >&2
  exit 1
fi
loket=$(cd "$(dirname "$loket")" && pwd)/$(basename "$loket")

work=$(mktemp -d)
if [[ -n "${LOG_DIR:-}" ]]; then
  mkdir -p "$LOG_DIR"
  logs=$(cd "$LOG_DIR" && pwd)
else
  logs=$work
fi
pids=()
dbs=()
cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  for db in "${dbs[@]}"; do
    dropdb --if-exists --force "$db" 2>/dev/null || true
  done
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Stops one process this script started (SIGTERM, then SIGKILL after 15 s) and forgets it.
stop_process() {
  local pid=$1
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  local kept=()
  for p in "${pids[@]}"; do [[ $p == "$pid" ]] || kept+=("$p"); done
  pids=("${kept[@]}")
}

# Share of all cores busy over the next 2 s (from /proc/stat), in percent. Between the parts
# nothing of this script runs, so what it sees is other work (a build, say).
busy_percent() {
  local a b
  a=$(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat)
  sleep 2
  b=$(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat)
  awk -v a="$a" -v b="$b" 'BEGIN {split(a, x, " "); split(b, y, " ");
    t = y[2] - x[2]; printf "%d", (t > 0 ? 100 * (y[1] - x[1]) / t : 0)}'
}
# Notes how busy the machine is before a part (waiting for quiet first if IDLE_WAIT_S is set).
loads=()
note_load() {
  local waited=0 busy
  busy=$(busy_percent)
  while [[ $busy -ge 15 && $waited -lt ${IDLE_WAIT_S:-0} ]]; do
    sleep 3
    waited=$((waited + 5))
    busy=$(busy_percent)
  done
  loads+=("$1: ${busy}%")
  if [[ $busy -ge 15 ]]; then
    echo "warning: the machine is ${busy}% busy before $1 (other work): the figures will be low" >&2
  fi
}

new_database() {
  local db="loket_dispatch_bench_$$_$1"
  dropdb --if-exists --force "$db" 2>/dev/null || true
  createdb "$db"
  dbs+=("$db")
  echo "$db"
}
drop_database() {
  dropdb --if-exists --force "$1"
  local kept=()
  for d in "${dbs[@]}"; do [[ $d == "$1" ]] || kept+=("$d"); done
  dbs=("${kept[@]}")
}

echo "starting PostgreSQL" >&2
deploy/start-postgres.sh >/dev/null
# node-postgres needs the socket folder and user spelled out; libpq (loket) finds them itself.
socket_dir=${PGHOST:-/var/run/postgresql}
pg_user=$(id -un)

# graphile-worker, exactly as locked.
gw="$bench/graphile"
npm_ci_locked "$gw"

# The receiver, shared by every part.
node "$bench/receiver.js" >"$logs/receiver.out" 2>"$logs/receiver.err" &
pids+=($!)
receiver_port=
for _ in $(seq 100); do
  receiver_port=$(awk '/^listening/ {print $2}' "$logs/receiver.out")
  [[ -n "$receiver_port" ]] && break
  sleep 0.1
done
[[ -n "$receiver_port" ]] || { echo "error: the receiver did not start" >&2; cat "$logs/receiver.err" >&2; exit 1; }
echo "receiver on 127.0.0.1:$receiver_port" >&2

# Process groups whose CPU time the drivers note over the measured window (cpu_watch.js);
# whatever matches none of them is other work on the machine.
pg_shared='^postgres: [^ ]+: (checkpointer|background writer|walwriter|autovacuum launcher|logical replication launcher|archiver)|bin/postgres -D'
cpu_groups() { # SYSTEM_NAME SYSTEM_REGEX DB [DRIVER_REGEX]
  printf '{"%s":"%s","postgres":"^postgres: .* %s( |$)","pg_shared":"%s","receiver":"dispatch/receiver[.]js"%s}' \
    "$1" "$2" "$3" "$pg_shared" "${4:+,\"driver\":\"$4\"}"
}

# One loket part: LABEL BATCH CONTACTS (0: latency only, on a database holding just that contact).
results=()
run_loket() {
  local label=$1 batch=$2 n=$3
  note_load "loket $label"
  local db config log loket_pid loket_port out status problems
  db=$(new_database "${label//-/_}")
  config="$work/loket-$label.yaml"
  cat >"$config" <<EOF
municipality: Dispatch bench
languages: {default: nl, supported: [nl, en, de]}
content: ['$root/config/examples/regio-noord/content', '$root/config/examples/noorderhaven/content']
notifications: {poll_interval_ms: 1000, quiet_hours: {start: "00:00", end: "00:00"}, batch: $batch${workers:+, workers: $workers}}
EOF
  log="$logs/loket-$label.log"
  LOKET_DATABASE_URL="postgresql:///$db" LOKET_ADMIN_TOKEN="$token" \
    "$loket" serve --config "$config" --listen 127.0.0.1:0 ${LOKET_THREADS:+--threads $LOKET_THREADS} 2>"$log" &
  loket_pid=$!
  pids+=("$loket_pid")
  loket_port=
  for _ in $(seq 300); do
    if grep -q 'event="dispatcher started"' "$log"; then
      loket_port=$(grep -o 'event=listening .*port=[0-9]*' "$log" | grep -o '[0-9]*$' | head -1)
      break
    fi
    kill -0 "$loket_pid" 2>/dev/null || break
    sleep 0.1
  done
  if [[ -z "$loket_port" ]]; then
    echo "error: loket did not start ($label); its log:" >&2
    cat "$log" >&2
    exit 1
  fi
  # How many claim-send-record loops it runs, as it says (older builds do not say: one).
  local loops
  loops=$(grep -o 'event="dispatcher started".*workers=[0-9]*' "$log" | grep -o '[0-9]*$' || echo 1)
  echo "loket $label: batch $batch, $loops dispatcher workers, $n contacts, port $loket_port, database $db" >&2
  out="$logs/loket-$label.json"
  status=0
  node "$bench/loket.mjs" --loket-port "$loket_port" --receiver-port "$receiver_port" \
    --token "$token" --contacts "$n" --latency-runs "$latency_runs" \
    --cpu-groups "$(cpu_groups loket "loket serve --config [^ ]*/loket-$label[.]yaml" "$db" 'dispatch/loket[.]mjs')" \
    >"$out" || status=$?
  stop_process "$loket_pid"
  # Anything loket itself found worth a warning (request lines are level=info).
  problems=$(grep -E 'level=(warn|error)' "$log" || true)
  if [[ -n "$problems" ]]; then
    echo "loket $label logged $(wc -l <<<"$problems") warning/error lines; the first 20:" >&2
    head -20 <<<"$problems" >&2
  fi
  drop_database "$db"
  if [[ ! -s "$out" ]]; then
    echo "error: the loket run ($label) produced no result; the end of its log:" >&2
    tail -20 "$log" >&2
    exit 1
  fi
  [[ $status -eq 0 ]] || echo "warning: the loket run ($label) was incomplete (exit $status)" >&2
  node -e 'const fs = require("fs"); const r = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    r.label = process.argv[2]; r.batch = Number(process.argv[3]); r.workers = Number(process.argv[4]);
    fs.writeFileSync(process.argv[1], JSON.stringify(r) + "\n")' "$out" "$label" "$batch" "$loops"
  results+=("$out")
}

for batch in $batches; do
  run_loket "b$batch" "$batch" "$contacts"
done
# Latency once more with nothing else in the database (batch: the first of BATCHES).
first_batch=${batches%% *}
run_loket "fresh-b$first_batch" "$first_batch" 0

note_load graphile-worker
db=$(new_database graphile)
out="$logs/graphile.json"
echo "graphile-worker: database $db" >&2
status=0
(cd "$gw" && node bench.mjs --database-url "postgresql://$pg_user@/$db?host=$socket_dir" \
  --receiver-port "$receiver_port" --jobs "$contacts" --concurrency "$gw_concurrency" \
  --local-queue "$gw_local_queue" --complete-batch-delay "$gw_batch_delay" \
  --fail-batch-delay "$gw_batch_delay" \
  --cpu-groups "$(cpu_groups graphile-worker 'bench[.]mjs --database-url' "$db")") >"$out" || status=$?
drop_database "$db"
[[ -s "$out" ]] || { echo "error: the graphile-worker run produced no result" >&2; exit 1; }
[[ $status -eq 0 ]] || echo "warning: the graphile-worker run was incomplete (exit $status)" >&2
results+=("$out")

echo
echo "Notification dispatch, $contacts deliveries to a loopback webhook receiver, $(nproc) cores:"
echo
node "$bench/report.mjs" "${results[@]}"
echo "- CPU busy (all cores, over 2 s) just before each part, i.e. other work on the machine:" \
  "$(IFS=';'; echo "${loads[*]}" | sed 's/;/, /g')"
[[ -z "${LOG_DIR:-}" ]] || echo "logs and raw results: $logs" >&2
