#!/bin/sh
# A local Indexed Job with a visible result: 6 indexes each render 4 rows of the Mandelbrot
# set (--grid 24x72 --block 4x72), 2 at a time, under `ixjob run`; then the bands are joined.
set -eu
cd "$(dirname "$0")"
rm -rf out && mkdir out
ixjob run --name mandelbrot --force --parallelism 2 \
  --grid 24x72 --block 4x72 \
  -- node render-rows.js
cat out/band-*.txt
