#!/usr/bin/env bash
# Sourced by the benchmarks that need PostgreSQL: a fresh database named $db (dropped on exit),
# a work folder $work (removed on exit), the processes started into $pids (killed on exit), and
# the example municipality with the chat's limits off in $config.
# Needs PostgreSQL 15 (deploy/start-postgres.sh; the current user may CREATE DATABASE).
work=$(mktemp -d)
db="loket_bench_$$"
pids=()
bench_cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  dropdb --if-exists "$db" 2>/dev/null || true
  rm -rf "$work"
}
trap bench_cleanup EXIT
# shellcheck source=unlimited_example.sh
source "$(dirname "${BASH_SOURCE[0]}")/unlimited_example.sh"
config=$(unlimited_example "$work")
createdb "$db"
