#!/bin/sh
# The seed's say-fruit job (kubectl run say-fruit --per-completion-env=FRUIT=@fruits.txt ...):
# every index runs the same command through the shim, which finds that index's fruit and colour.
# One index after another for now; `ixjob run` will run them as a local Indexed Job.
set -eu
cd "$(dirname "$0")"
for index in 0 1 2; do
  ixjob --index "$index" \
    --per-completion-env FRUIT=@fruits.txt \
    --per-completion-env COLOR=@colors.txt \
    -- sh -c 'echo "Have a nice $COLOR $FRUIT (index $JOB_COMPLETION_INDEX of $IXJOB_COUNT)"'
done
