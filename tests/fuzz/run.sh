#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (build/fuzz) and runs each for SECONDS (default 60) on
# its seed corpus (tests/fuzz/corpus/TARGET, kept in the repository) plus what earlier runs found
# (build/fuzz/corpus/TARGET). Prints executions, coverage and time per target. A crash, leak,
# timeout or sanitizer finding stops that target, keeps the input in build/fuzz/findings/ and
# makes the script fail: turn it into a regression test.
# Usage: tests/fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-60}"
shift || true
all=(fuzz_chat_request fuzz_server_config fuzz_content fuzz_lookup_table fuzz_text
     fuzz_telegram_update fuzz_meta_webhook fuzz_x_webhook fuzz_mastodon_mentions
     fuzz_chatwoot_event fuzz_import_csv fuzz_import_faqpage)
targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=("${all[@]}")

CC=clang CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DLOKET_FUZZ=ON -DLOKET_BUILD_TESTS=OFF >/dev/null
cmake --build build/fuzz -j "${LOKET_BUILD_JOBS:-$(nproc)}" --target "${targets[@]}"

mkdir -p build/fuzz/findings
failed=0
printf '%-24s %12s %10s %8s %8s %8s\n' target executions counters features corpus seconds
for t in "${targets[@]}"; do
  mkdir -p "build/fuzz/corpus/$t"
  log="build/fuzz/$t.log"
  start=$(date +%s)
  # -timeout: one input taking longer is a hang; -rss_limit_mb: memory is bounded too.
  if ! "build/fuzz/tests/fuzz/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="build/fuzz/findings/$t-" \
      "build/fuzz/corpus/$t" "tests/fuzz/corpus/$t" >"$log" 2>&1; then
    failed=1
    echo "$t: FINDING (see $log and build/fuzz/findings/)" >&2
  fi
  took=$(($(date +%s) - start))
  # Coverage as libFuzzer counts it: the instrumented edges (counters) and the features reached.
  runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$log" | tail -1 || true)
  counters=$(grep -aoE '\(([0-9]+) inline 8-bit counters\)' "$log" | grep -oE '[0-9]+' | head -1 || true)
  ft=$(grep -aoE 'ft: [0-9]+' "$log" | tail -1 | cut -d' ' -f2 || true)
  corpus=$(grep -aoE 'corp: [0-9]+' "$log" | tail -1 | cut -d' ' -f2 || true)
  printf '%-24s %12s %10s %8s %8s %8s\n' "$t" "${runs:-?}" "${counters:-?}" "${ft:-?}" \
    "${corpus:-?}" "$took"
done
exit "$failed"
