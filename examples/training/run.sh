#!/bin/sh
# Data-parallel training under `ixjob run`: N processes (default 2; `sh run.sh 4` for 4), one per
# index, rendezvous through the shim's --jax variables and all-reduce their gradients (JAX on CPU,
# gloo). Index 0 prints the trained weights, the same as `.venv/bin/python train.py` alone prints.
set -eu
cd "$(dirname "$0")"
processes="${1:-2}"
if [ ! -x .venv/bin/python ]; then
  echo "run.sh: no examples/training/.venv: sh scripts/python-deps.sh installs JAX there" >&2
  exit 1
fi
# ixjob through npm: the project's node_modules/.bin, with its own Node first on the PATH.
ixjob() { npm exec --no -- ixjob "$@"; }
# Every process must run at once (parallelism = completions): each waits for all the others.
ixjob run --name training --force --completions "$processes" --parallelism "$processes" --jax \
  --tag -- .venv/bin/python train.py
