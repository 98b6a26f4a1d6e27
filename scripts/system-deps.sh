#!/bin/sh
# Debian packages the tests and benchmarks run for real. Installs what is missing when run as
# root with apt-get (a fresh CI machine); otherwise says what is missing, and those tests skip.
set -eu
PACKAGES="golang-go patchelf util-linux busybox hyperfine time parallel"
missing=""
for package in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed' || missing="$missing $package"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian packages:$missing" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086 # one word per package
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
  echo "missing Debian packages (tests that need them will skip):$missing" >&2
fi
