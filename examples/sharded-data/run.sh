#!/bin/sh
# Sharded data processing: generate the sales data, map it twice under `ixjob run` (4 shards
# of 12 CSV files balanced by size; 4 byte ranges of one JSON Lines file), then reduce the
# partial results in a second job and print them. Each map index writes its partial result as
# a checkpoint output: .ixjob/sales-files/checkpoints/INDEX/outputs/partial.jsonl.
# CRASH_ONCE_INDEX=k makes map index k fail once halfway; its retry skips the files it did.
set -eu
cd "$(dirname "$0")"
# ixjob and Node through npm: the project's node_modules/.bin, with its own Node first on the PATH.
ixjob() { npm exec --no -- ixjob "$@"; }
npm exec --no -- node gen-data.ts out/data
ixjob run --name sales-files --force --parallelism 2 --backoff-limit 2 \
  --files 'out/data/shard_*.csv' --shards 4 --strategy balanced \
  -- node map-files.ts
ixjob run --name sales-range --force --parallelism 2 --completions 4 \
  -- node map-range.ts out/data/sales.jsonl
ixjob run --name sales-reduce --force --completions 1 \
  -- node reduce.ts .ixjob/sales-files/checkpoints .ixjob/sales-range/checkpoints
cat .ixjob/sales-reduce/checkpoints/0/outputs/result.txt
