#!/usr/bin/env bash
# Sourced by the benchmarks: writes a server file into $1 that serves the example municipality
# with the chat's limits per client and per session off (a benchmark is one client sending as
# fast as it can), and prints its path.
unlimited_example() {
  local dir="$1" example
  example="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/config/examples/noorderhaven"
  ln -sfn "$example/content" "$dir/content"
  ln -sfn "$example/tests" "$dir/tests"
  cp "$example/aanvullingen.yaml" "$dir/aanvullingen.yaml"
  sed -e '/^limits:/a\  chat_per_client_per_minute: 0\n  chat_per_session_per_minute: 0' \
    -e "s|\.\./regio-noord/content/|$example/../regio-noord/content/|" \
    "$example/loket.yaml" >"$dir/loket.yaml"
  echo "$dir/loket.yaml"
}
