#!/bin/sh
# The seed's say-fruit Job for a cluster: the lists go into a ConfigMap, the shim into each pod.
# $(COLOR) and $(FRUIT) are the kubelet's syntax; ixjob manifest escapes them for the shim.
set -eu
cd "$(dirname "$0")"
exec npm exec --no -- ixjob manifest say-fruit \
  --image busybox:1.37 --shim-image ghcr.io/ixjob/shim:0.1.0 \
  --per-completion-env FRUIT=@fruits.txt \
  --per-completion-env COLOR=@colors.txt \
  -- sh -c 'echo "Have a nice $(COLOR) $(FRUIT)"'
