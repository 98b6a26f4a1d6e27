#!/bin/sh
# The cluster's view of run.sh's job: the same work spec and command, the bands on a volume.
set -eu
cd "$(dirname "$0")"
exec npm exec --no -- ixjob manifest mandelbrot \
  --image ghcr.io/ixjob/example-mandelbrot:0.1.0 --shim-path /ixjob/bin/ixjob \
  --parallelism 2 --checkpoint-volume '{"persistentVolumeClaim":{"claimName":"mandelbrot"}}' \
  --grid 24x72 --block 4x72 \
  -- node render-rows.ts
