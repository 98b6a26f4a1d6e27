#!/bin/sh
# The seed's say-number job (kubectl run say-number --completions=3 --completion-index-var-name=I):
# each index runs the same command through the shim, which finds the index and exports it as I.
# One index after another for now; `ixjob run` will run them as a local Indexed Job.
set -eu
for index in 0 1 2; do
  ixjob --index "$index" --completion-index-var-name I -- sh -c 'echo "My index is $I (from $IXJOB_INDEX_SOURCE)"'
done
