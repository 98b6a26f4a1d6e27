#!/bin/sh
# The cluster's view of run.sh's map over files: the same work spec and command, the
# checkpoints (and so the partial results) on a volume. `ixjob manifest --files` matches the
# glob here before it writes the Job, so the (deterministic) data is generated first; the pods
# match it again in the image, which holds the same data (see the Dockerfile).
set -eu
cd "$(dirname "$0")"
npm exec --no -- node gen-data.ts out/data >&2
exec npm exec --no -- ixjob manifest sales-files \
  --image ghcr.io/ixjob/example-sharded-data:0.1.0 --shim-path /ixjob/bin/ixjob \
  --parallelism 2 --backoff-limit 2 \
  --checkpoint-volume '{"persistentVolumeClaim":{"claimName":"sales"}}' \
  --files 'out/data/shard_*.csv' --shards 4 --strategy balanced \
  -- node map-files.ts
