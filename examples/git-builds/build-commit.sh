#!/bin/sh
# One index of the job: builds commit $HASH of $REPO with `make VERSION=$HASH` in a worktree of
# its own (out/worktrees/HASH), so indexes running at once share nothing, and publishes the
# program as $ARTIFACTS/HASH/hello (default: $IXJOB_CHECKPOINT_DIR/artifacts, a volume on a
# cluster). A retried index reuses its worktree: the commit is fetched once.
set -eu
: "${HASH:?a commit hash (a column of the work list)}" "${REPO:?the repository to fetch from}"
artifacts=${ARTIFACTS:-${IXJOB_CHECKPOINT_DIR:?set ARTIFACTS or IXJOB_CHECKPOINT_DIR}/artifacts}
# Paths relative to where the worker was started, which the cd below leaves.
case $artifacts in /*) ;; *) artifacts=$PWD/$artifacts ;; esac
case $REPO in /* | *:*) ;; *) REPO=$PWD/$REPO ;; esac
cd "$(dirname "$0")"
# Git variables from a calling hook would point every command below at another repository.
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY GIT_COMMON_DIR
wt=out/worktrees/$HASH
# --git-dir: a half-made worktree must never fall through to a repository around it.
g() { git -C "$wt" --git-dir=.git "$@"; }

mkdir -p out/worktrees
# One build per worktree at a time, should a list name a commit twice or two runs share out/.
exec 9>"$wt.lock"
flock 9
if [ -d "$wt/.git" ] && g cat-file -e "$HASH^{commit}" 2>/dev/null; then
  echo "reusing $wt"
else
  echo "fetching $HASH into $wt"
  mkdir -p "$wt"
  g init -q
  # Only the one commit: a remote serves a full hash it has, as GitHub, GitLab and git-daemon do.
  g fetch -q --depth 1 "$REPO" "$HASH"
fi
# Exactly the commit, whatever an earlier attempt left behind.
g checkout -q --force --detach "$HASH"
g clean -q -d --force -x
make --no-print-directory -C "$wt" VERSION="$HASH"

# Aside, then renamed: a reader never sees half a program, even from two pods on one index.
mkdir -p "$artifacts/$HASH"
cp "$wt/hello" "$artifacts/$HASH/hello.$$"
mv -f "$artifacts/$HASH/hello.$$" "$artifacts/$HASH/hello"
echo "built $artifacts/$HASH/hello"
