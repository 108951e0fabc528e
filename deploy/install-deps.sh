#!/usr/bin/env bash
# Installs the Debian packages loket needs to build, run and test, skipping those already present.
# Usage: deploy/install-deps.sh [--test]   (--test adds the browser and test-only packages)
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  libboost1.81-all-dev libboost-json1.81-dev libboost-url1.81-dev
  libpqxx-dev libyaml-cpp-dev libssl-dev libstemmer-dev libsystemd-dev libhowardhinnant-date-dev
  libutf8proc-dev
  postgresql
)
if [[ "${1:-}" == "--test" ]]; then
  # haproxy, mmdebstrap and buildah: the tests of several instances and of the image.
  packages+=(libgtest-dev libgmock-dev chromium nodejs npm haproxy mmdebstrap buildah)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# npm may come with nodejs from another source; only ask Debian for it when the command is absent.
if [[ " ${missing[*]} " == *" npm "* ]] && command -v npm >/dev/null; then
  missing=("${missing[@]/npm/}")
fi
if [[ " ${missing[*]} " == *" nodejs "* ]] && command -v node >/dev/null; then
  missing=("${missing[@]/nodejs/}")
fi
read -r -a missing <<<"${missing[*]}"
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}" >&2
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
