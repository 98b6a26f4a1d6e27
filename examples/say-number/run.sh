#!/bin/sh
# The seed's say-number job (kubectl run say-number --completions=3 --completion-index-var-name=I)
# as a local Indexed Job: each index runs the same command through the shim, which exports its
# index as I (and JOB_COMPLETION_INDEX, as the Job controller does in a cluster).
set -eu
cd "$(dirname "$0")"
# ixjob through npm: the project's node_modules/.bin, with its own Node first on the PATH.
ixjob() { npm exec --no -- ixjob "$@"; }
ixjob run --name say-number --force --tag --completions 3 --completion-index-var-name I \
  -- sh -c 'echo "My index is $I (from $IXJOB_INDEX_SOURCE)"'
