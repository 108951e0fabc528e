#!/usr/bin/env bash
# The test suite again under sanitizers, as CI runs it after deploy/test.sh: every CTest test
# under AddressSanitizer with UndefinedBehaviorSanitizer, and the concurrency tests (the server's
# and the dispatcher's: several threads, several instances, kills and restarts) under
# ThreadSanitizer. Each is a build of its own (build/asan, build/tsan). The servers the tests
# start are sanitized too; every report any process writes goes to a folder, and one report fails
# the run (a server's report would otherwise only be in a log its test may not read).
#
# Usage: tests/sanitizers.sh [asan|tsan]...   (default: both)
#   LOKET_BUILD_JOBS   parallel compile jobs (default: the number of cores)
# Needs what deploy/test.sh installs, and PostgreSQL (started here when not given).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

kinds=("$@")
((${#kinds[@]})) || kinds=(asan tsan)
jobs="${LOKET_BUILD_JOBS:-$(nproc)}"
if [[ -z "${LOKET_TEST_DATABASE_URL:-}" ]]; then
  LOKET_TEST_DATABASE_URL=$(deploy/start-postgres.sh | tail -n 1)
  export LOKET_TEST_DATABASE_URL
fi
reports=$(mktemp -d)
trap 'rm -rf "$reports"' EXIT

# Not run sanitized: the image test builds its own (Release) binary in a container, the browser
# tests drive Chromium (whose time, not loket's, they measure), and the timing of the platform
# pacing tests is what a sanitizer's slowdown changes.
asan_excluded='^(deploy\.image|e2e\..*)$'
# The concurrency tests: the dispatcher and its journal, kills and restarts, several instances on
# one database and behind HAProxy, conversations shared between instances, the WebSocket and its
# mailbox, handoffs, the shared database pool and listening connection, and the shared in-process
# structures. Not the content reloads: they train the model, which ThreadSanitizer slows past the
# tests' five-second bars (AddressSanitizer runs them).
tsan_tests='^(integration\.(NotificationsTest|DeliveryJournal|DispatchProbes|SharedConversations|ChatLimits|WebSocketTest|Lifecycle|Handoff|ContactCentre|DatabasePools|NotificationListener|SchemaChannels)\..*|unit\.(ChannelHub|RateLimiter|LiveSessionRegistry|StaffCache|SessionStore|ConnectionTracker)\..*|resilience|load_balanced)$'

# What each run's tests use (not the benchmarks): building is half of CI's time.
asan_targets=(loket loket_unit_tests loket_shared_state_tests loket_example_tests
  loket_integration_tests loket_resilience_tests loket_load_balanced_tests)
tsan_targets=(loket loket_shared_state_tests loket_integration_tests loket_resilience_tests
  loket_load_balanced_tests)

run() {
  local kind=$1 sanitizers=$2 targets=$3
  shift 3
  echo "sanitizers: building build/$kind ($sanitizers)" >&2
  cmake -S . -B "build/$kind" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DLOKET_SANITIZE="$sanitizers" >/dev/null
  # shellcheck disable=SC2086 # a list of target names
  cmake --build "build/$kind" -j "$jobs" --target $targets
  echo "sanitizers: running the tests under $sanitizers" >&2
  ctest --test-dir "build/$kind" --output-on-failure -j "$jobs" --timeout 900 "$@"
}

status=0
common="log_path=$reports/report:exitcode=66:print_suppressions=0"
for kind in "${kinds[@]}"; do
  case "$kind" in
    asan)
      ASAN_OPTIONS="$common:detect_leaks=1:abort_on_error=0:strict_string_checks=1" \
        LSAN_OPTIONS="suppressions=$root/tests/sanitizers/lsan.supp:print_suppressions=0" \
        UBSAN_OPTIONS="$common:print_stacktrace=1:halt_on_error=1" \
        run asan address,undefined "${asan_targets[*]}" -E "$asan_excluded" || status=1
      ;;
    tsan)
      TSAN_OPTIONS="$common:halt_on_error=1:second_deadlock_stack=1:suppressions=$root/tests/sanitizers/tsan.supp" \
        run tsan thread "${tsan_targets[*]}" -R "$tsan_tests" || status=1
      ;;
    *)
      echo "usage: tests/sanitizers.sh [asan|tsan]..." >&2
      exit 2
      ;;
  esac
done

if compgen -G "$reports/report*" >/dev/null; then
  echo "sanitizers: reports from the processes the tests ran:" >&2
  cat "$reports"/report* >&2
  status=1
fi
if ((status == 0)); then
  echo "sanitizers: ${kinds[*]}: clean" >&2
fi
exit "$status"
