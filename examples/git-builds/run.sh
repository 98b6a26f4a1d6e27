#!/bin/sh
# The seed's work list 3 (build a program at several git commits) as a local Indexed Job: each
# index builds one row of commits.csv (HASH,NAME) in its own worktree with `make VERSION=$HASH`
# under `ixjob run`; then every program built runs and prints the commit it was built from.
# COMMITS=every-commit.csv adds the commit that does not compile: its index fails, alone.
set -eu
cd "$(dirname "$0")"
# ixjob through npm: the project's node_modules/.bin, with its own Node first on the PATH.
ixjob() { npm exec --no -- ixjob "$@"; }
commits=${COMMITS:-commits.csv}
# The repository the work lists name; its hashes are fixed, so a stale list is a mistake.
mkdir -p out
sh make-repo.sh >out/every-commit.csv
cmp -s out/every-commit.csv every-commit.csv ||
  { echo "run.sh: every-commit.csv does not name make-repo.sh's commits" >&2; exit 1; }
# A fresh run, as --force is: every index fetches its commit, and a retry reuses what it fetched.
rm -rf out/artifacts out/worktrees
status=0
ixjob run --name git-builds --force --tag --parallelism 2 --backoff-limit-per-index 1 \
  --env "REPO=$PWD/out/repo" --env "ARTIFACTS=$PWD/out/artifacts" \
  --csv "$commits" -- sh build-commit.sh || status=$?
# Each program says which commit it is; a commit whose index failed has none.
tail -n +2 "$commits" | while IFS=, read -r hash name; do
  if [ -x "out/artifacts/$hash/hello" ]; then
    echo "$name: out/artifacts/$hash/hello --version: $("out/artifacts/$hash/hello" --version)"
  else
    echo "$name: no program built for $hash"
  fi
done
exit "$status"
