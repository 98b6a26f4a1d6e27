#!/bin/sh
# The cluster's view of run.sh's job: 2 pods, index 0 the coordinator, reached by name through
# the headless Service --jax adds (pod i is training-i.training, port 29500).
set -eu
cd "$(dirname "$0")"
exec npm exec --no -- ixjob manifest training \
  --image ghcr.io/ixjob/example-training:0.1.0 --shim-path /ixjob/bin/ixjob \
  --completions 2 --parallelism 2 --jax \
  -- python train.py
