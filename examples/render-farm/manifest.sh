#!/bin/sh
# The cluster's view of run.sh's job: the same work spec and command, the frames on a volume
# that outlives the pods, so a retried chunk finds what its last attempt rendered.
set -eu
cd "$(dirname "$0")"
exec npm exec --no -- ixjob manifest render-farm \
  --image ghcr.io/ixjob/example-render-farm:0.1.0 --shim-path /ixjob/bin/ixjob \
  --parallelism 2 --checkpoint-volume '{"persistentVolumeClaim":{"claimName":"render-farm"}}' \
  --frames 1-24 --chunk 6 \
  -- sh render-chunk.sh out/scene.blend
