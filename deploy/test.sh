#!/usr/bin/env bash
# Installs everything the tests need, builds loket and its tests, and runs the whole suite
# (unit, integration against the real server, headless Chromium) through CTest.
set -euo pipefail
cd "$(dirname "$0")/.."

deploy/install-deps.sh --test
(cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
# A real PostgreSQL for the notification tests; each test makes (and drops) its own database.
LOKET_TEST_DATABASE_URL=$(deploy/start-postgres.sh | tail -n 1)
export LOKET_TEST_DATABASE_URL

jobs="${LOKET_BUILD_JOBS:-$(nproc)}"
cmake -S . -B build/test -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/test -j "$jobs"
ctest --test-dir build/test --output-on-failure -j "$jobs" "$@"
