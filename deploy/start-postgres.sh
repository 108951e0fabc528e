#!/usr/bin/env bash
# Starts the local Debian PostgreSQL cluster if it is down, and makes sure the current OS user has
# a role (allowed to create databases, for the tests) and a database named loket.
# Prints the connection URL for loket on its last line.
set -euo pipefail

as_postgres() {
  if [[ $(id -un) == postgres ]]; then "$@"; else runuser -u postgres -- "$@"; fi
}

if ! command -v pg_lsclusters >/dev/null; then
  echo "start-postgres: the postgresql package is not installed (deploy/install-deps.sh)" >&2
  exit 1
fi
cluster=$(pg_lsclusters --no-header | awk 'NR == 1 {print $1 " " $2}')
if [[ -z "$cluster" ]]; then
  echo "start-postgres: no PostgreSQL cluster found (pg_createcluster 15 main)" >&2
  exit 1
fi
read -r version name <<<"$cluster"
if ! pg_lsclusters --no-header | awk 'NR == 1 {print $4}' | grep -q online; then
  pg_ctlcluster "$version" "$name" start
fi
for _ in $(seq 50); do
  as_postgres psql -qtAc 'select 1' >/dev/null 2>&1 && break
  sleep 0.2
done

user=$(id -un)
if [[ $user != postgres ]]; then
  as_postgres psql -qtAc "select 1 from pg_roles where rolname = '$user'" | grep -q 1 ||
    as_postgres psql -qc "create role \"$user\" login createdb"
fi
as_postgres psql -qtAc "select 1 from pg_database where datname = 'loket'" | grep -q 1 ||
  as_postgres psql -qc "create database loket owner \"$user\""
echo "postgresql:///loket"
