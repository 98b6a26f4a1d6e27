#!/bin/sh
# The README's main job: a local Indexed Job whose 6 indexes each render 4 rows of the Mandelbrot
# set (--grid 24x72 --block 4x72), 2 at a time, under `ixjob run`; then the bands are joined.
# Each band is its index's checkpoint output: .ixjob/mandelbrot/checkpoints/INDEX/outputs/.
set -eu
cd "$(dirname "$0")"
# ixjob through npm: the project's node_modules/.bin, with its own Node first on the PATH.
ixjob() { npm exec --no -- ixjob "$@"; }
ixjob run --name mandelbrot --force --parallelism 2 \
  --grid 24x72 --block 4x72 \
  -- node render-rows.ts
cat .ixjob/mandelbrot/checkpoints/*/outputs/band-*.txt
