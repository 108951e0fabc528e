#!/usr/bin/env bash
# Sets up and runs loket with the example region (two municipalities sharing regional content):
# installs what is missing, builds in Release and serves the chat on http://localhost:8080
# (LOKET_LISTEN and LOKET_CONFIG override).
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
# A staff API token per municipality of the example region (LOKET_ADMIN_TOKEN_<ID>), and one for a
# plain loket.yaml in LOKET_CONFIG (LOKET_ADMIN_TOKEN): set them to choose your own.
for id in "" _NOORDERHAVEN _ZUIDERDAM; do
  name="LOKET_ADMIN_TOKEN$id"
  if [[ -z "${!name:-}" ]]; then
    printf -v "$name" '%s' "$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    export "${name?}"
    echo "loket: staff API token for this run ($name): ${!name}"
  fi
done

# The example region: Noorderhaven at /, Zuiderdam at /m/zuiderdam/ (and on their own host names).
config="${LOKET_CONFIG:-config/examples/hosting.yaml}"
listen="${LOKET_LISTEN:-0.0.0.0:8080}"
build/release/server/loket check-config --config "$config"
echo "loket: chat at http://localhost:${listen##*:} (Zuiderdam: http://localhost:${listen##*:}/m/zuiderdam/)"
exec build/release/server/loket serve --config "$config" --listen "$listen"
