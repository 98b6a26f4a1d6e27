#!/bin/sh
# The cluster's view of run.sh's job: the same work list and worker, the repository at its URL
# (a placeholder: yours), the programs on a volume (IXJOB_CHECKPOINT_DIR in every pod).
set -eu
cd "$(dirname "$0")"
exec npm exec --no -- ixjob manifest git-builds \
  --image ghcr.io/ixjob/example-git-builds:0.1.0 --shim-path /ixjob/bin/ixjob \
  --parallelism 2 --backoff-limit-per-index 1 \
  --env REPO=https://git.example.com/hello.git \
  --checkpoint-volume '{"persistentVolumeClaim":{"claimName":"git-builds"}}' \
  --csv commits.csv \
  -- sh build-commit.sh
