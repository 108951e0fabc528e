#!/usr/bin/env bash
# Installs the Debian packages loket needs to build, run and test, skipping those already present.
# Usage: deploy/install-deps.sh [--test]   (--test adds the browser and test-only packages)
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  libboost1.81-all-dev libboost-json1.81-dev libboost-url1.81-dev
  libpqxx-dev libyaml-cpp-dev libssl-dev libstemmer-dev libsystemd-dev libhowardhinnant-date-dev
  libutf8proc-dev libphonenumber8 libprotobuf-dev libabsl-dev libcsv-dev libzip-dev libxml2-dev
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

# libphonenumber's headers. Debian's libphonenumber-dev depends on libboost-thread-dev, which is
# Boost 1.74 and conflicts with 1.81; the library (libphonenumber8, built with std::mutex) and the
# headers need no Boost. So the headers of exactly the installed version are unpacked from that
# package into /usr/local/include, without installing it.
phonenumber_version=$(dpkg-query -W -f='${Version}' libphonenumber8)
marker=/usr/local/include/phonenumbers/.debian-version
if [[ "$(cat "$marker" 2>/dev/null)" != "$phonenumber_version" ]]; then
  echo "install-deps: unpacking the headers of libphonenumber-dev $phonenumber_version" >&2
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  unpack=$(mktemp -d)
  chmod 755 "$unpack"  # apt downloads as the _apt user
  (cd "$unpack" && apt-get download -qq "libphonenumber-dev=$phonenumber_version" 2>/dev/null ||
    { "${sudo_cmd[@]}" apt-get update -qq && apt-get download -qq "libphonenumber-dev=$phonenumber_version"; })
  dpkg-deb -x "$unpack"/libphonenumber-dev_*.deb "$unpack/root"
  "${sudo_cmd[@]}" rm -rf /usr/local/include/phonenumbers
  "${sudo_cmd[@]}" cp -r "$unpack/root/usr/include/phonenumbers" /usr/local/include/
  echo "$phonenumber_version" | "${sudo_cmd[@]}" tee "$marker" >/dev/null
  rm -rf "$unpack"
fi
