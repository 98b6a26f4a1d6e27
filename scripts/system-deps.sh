#!/bin/sh
# Debian packages the tests and benchmarks run for real. Installs what is missing when run as
# root with apt-get (a fresh CI machine); otherwise says what is missing, and those tests skip.
# `binary` installs only what `npm run build:binary` needs (Dockerfile.shim's build stage).
set -eu
BINARY="patchelf musl-tools binutils gcc libc6-dev"
# The examples run real tools: Blender and ffmpeg (render-farm), make and git (git-builds),
# venv for the PyPI frameworks (training, scripts/python-deps.sh).
EXAMPLES="blender ffmpeg make git python3-venv"
PACKAGES="$BINARY golang-go util-linux busybox-static tini hyperfine time parallel python3 $EXAMPLES"
[ "${1:-}" = binary ] && PACKAGES=$BINARY
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
