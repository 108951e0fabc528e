#!/usr/bin/env bash
# The container image, built and started here without any registry: mmdebstrap makes a Debian
# bookworm base (tagged debian:bookworm-slim), buildah builds deploy/Dockerfile on it with chroot
# isolation (podman's runtime cannot start containers on this machine; chroot isolation works),
# and loket started from the image as its non-root user answers /healthz, as does the image's
# own HEALTHCHECK command. Exits 77 (skipped) where buildah or mmdebstrap is missing.
# Usage: tests/deploy/image_test.sh      (takes 10-20 minutes: it compiles loket in the image)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
if ! command -v buildah >/dev/null || ! command -v mmdebstrap >/dev/null; then
  echo "image_test: skipped: buildah or mmdebstrap is not installed (Debian packages)" >&2
  exit 77
fi
work=$(mktemp -d)
image=localhost/loket-image-test
container=""
run_pid=""
cleanup() {
  [[ -n "$run_pid" ]] && pkill -f "listen 127.0.0.1:$port" 2>/dev/null || true
  [[ -n "$container" ]] && buildah rm "$container" >/dev/null 2>&1 || true
  buildah rmi "$image" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "image_test: $*" >&2; exit 1; }

# The base, made once and kept: bookworm's minimal system with apt, as the slim image has.
if ! buildah inspect --type image debian:bookworm-slim >/dev/null 2>&1; then
  echo "image_test: making debian:bookworm-slim with mmdebstrap" >&2
  mmdebstrap --quiet --variant=minbase bookworm "$work/base.tar"
  base=$(buildah from scratch)
  buildah add --quiet "$base" "$work/base.tar" / >/dev/null
  buildah config --cmd /bin/bash "$base"
  buildah commit --quiet "$base" localhost/debian:bookworm-slim >/dev/null
  buildah rm "$base" >/dev/null
fi

echo "image_test: building deploy/Dockerfile" >&2
# Docker format: the OCI format has no HEALTHCHECK.
buildah bud --quiet --isolation chroot --pull=never --format docker --layers=false \
  -f "$root/deploy/Dockerfile" -t "$image" "$root" >"$work/build.log" 2>&1 ||
  { tail -n 40 "$work/build.log"; fail "the image did not build"; }

# The HEALTHCHECK's command (its last word: the shell line), pointed at this run's port below.
check=$(buildah inspect --type image "$image" | python3 -c '
import json, sys
health = json.load(sys.stdin)["Docker"]["config"].get("Healthcheck") or {}
print((health.get("Test") or [""])[-1])')
[[ "$check" == *"/healthz"* ]] || fail "the image has no HEALTHCHECK on /healthz: $check"
# Containers get the open-files limit of their runtime (Docker's is in the millions); buildah's
# chroot isolation starts from 1024, too few for the example's limits.max_connections. This
# machine's own hard limit is as far as it may go.
nofile=$(ulimit -Hn)
container=$(buildah from --ulimit "nofile=$nofile:$nofile" "$image")
[[ "$(buildah run --isolation chroot "$container" -- id -u)" == "10001" ]] ||
  fail "the image does not run as user 10001"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
buildah run --isolation chroot "$container" -- /usr/local/bin/loket serve \
  --config /etc/loket/loket.yaml --listen "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
run_pid=$!
answered=""
for _ in $(seq 100); do
  if python3 -c "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:$port/healthz', timeout=1).status != 200)" 2>/dev/null; then
    answered=yes
    break
  fi
  sleep 0.2
done
[[ -n "$answered" ]] || { cat "$work/serve.log"; fail "loket from the image did not answer /healthz"; }
buildah run --isolation chroot "$container" -- bash -c "${check//8080/$port}" ||
  fail "the image's HEALTHCHECK command failed"
echo "image_test: ok"
