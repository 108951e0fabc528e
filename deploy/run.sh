#!/usr/bin/env bash
# Sets up and runs loket with the example municipality: installs what is missing, builds in
# Release and serves the chat on http://localhost:8080 (LOKET_LISTEN and LOKET_CONFIG override).
set -euo pipefail
cd "$(dirname "$0")/.."

deploy/install-deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DLOKET_BUILD_TESTS=OFF >/dev/null
cmake --build build/release --target loket -j "$(nproc)"

# Notifications need PostgreSQL: the local cluster unless LOKET_DATABASE_URL points elsewhere.
if [[ -z "${LOKET_DATABASE_URL:-}" ]]; then
  LOKET_DATABASE_URL=$(deploy/start-postgres.sh | tail -n 1)
  export LOKET_DATABASE_URL
fi
if [[ -z "${LOKET_ADMIN_TOKEN:-}" ]]; then
  LOKET_ADMIN_TOKEN=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
  export LOKET_ADMIN_TOKEN
  echo "loket: staff API token for this run (set LOKET_ADMIN_TOKEN to choose one): $LOKET_ADMIN_TOKEN"
fi

config="${LOKET_CONFIG:-config/examples/noorderhaven/loket.yaml}"
listen="${LOKET_LISTEN:-0.0.0.0:8080}"
build/release/server/loket check-config --config "$config"
echo "loket: chat at http://localhost:${listen##*:}"
exec build/release/server/loket serve --config "$config" --listen "$listen"
