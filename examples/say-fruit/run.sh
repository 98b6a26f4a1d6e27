#!/bin/sh
# The seed's say-fruit job (kubectl run say-fruit --per-completion-env=FRUIT=@fruits.txt ...)
# as a local Indexed Job: `ixjob run` gives each index its fruit and colour, as the shim
# would in each pod, and prints a kubectl-like summary.
set -eu
cd "$(dirname "$0")"
# ixjob through npm: the project's node_modules/.bin, with its own Node first on the PATH.
ixjob() { npm exec --no -- ixjob "$@"; }
ixjob run --name say-fruit --force --tag \
  --per-completion-env FRUIT=@fruits.txt \
  --per-completion-env COLOR=@colors.txt \
  -- sh -c 'echo "Have a nice $COLOR $FRUIT"'
