#!/bin/sh
# PyPI packages the Python examples run for real: one venv per examples/*/requirements.txt, in
# that example's .venv, installed only when the requirements changed. Without python3's venv
# module (scripts/system-deps.sh installs it) it says so, and those examples' tests skip.
set -eu
cd "$(dirname "$0")/.."
for requirements in examples/*/requirements.txt; do
  [ -e "$requirements" ] || continue
  venv="$(dirname "$requirements")/.venv"
  # The venv is current when it was made from these exact requirements.
  if cmp -s "$requirements" "$venv/requirements.txt" 2>/dev/null; then continue; fi
  if ! python3 -m venv --help >/dev/null 2>&1; then
    echo "no python3 venv module: $requirements not installed (its example's tests will skip)" >&2
    continue
  fi
  echo "installing PyPI packages: $requirements" >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
  cp "$requirements" "$venv/requirements.txt"
done
