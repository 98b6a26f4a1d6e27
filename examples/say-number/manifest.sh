#!/bin/sh
# The seed's say-number Job for a cluster: no work list, only the index, exported as I.
set -eu
cd "$(dirname "$0")"
exec npm exec --no -- ixjob manifest say-number \
  --image busybox:1.37 --shim-image ghcr.io/ixjob/shim:0.1.0 \
  --completions 3 --completion-index-var-name I \
  -- sh -c 'echo "My index is $(I) (from $(IXJOB_INDEX_SOURCE))"'
