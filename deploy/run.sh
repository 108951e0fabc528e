#!/usr/bin/env bash
# Sets up and runs loket with the example municipality: installs what is missing, builds in
# Release and serves the chat on http://localhost:8080 (LOKET_LISTEN and LOKET_CONFIG override).
set -euo pipefail
cd "$(dirname "$0")/.."

deploy/install-deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DLOKET_BUILD_TESTS=OFF >/dev/null
cmake --build build/release --target loket -j "$(nproc)"

config="${LOKET_CONFIG:-config/examples/noorderhaven/loket.yaml}"
listen="${LOKET_LISTEN:-0.0.0.0:8080}"
build/release/server/loket check-config --config "$config"
echo "loket: chat at http://localhost:${listen##*:}"
exec build/release/server/loket serve --config "$config" --listen "$listen"
