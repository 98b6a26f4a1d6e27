#!/bin/sh
# Makes out/repo: a small C program in four commits, the third of which does not compile. Every
# name, e-mail and date is fixed, so each commit's hash is the same on every machine: the ones
# every-commit.csv names. Prints that file (HASH,NAME, one row a commit, oldest first).
set -eu
cd "$(dirname "$0")"
repo=out/repo
rm -rf "$repo"
mkdir -p "$repo"
# The user's git configuration (hooks, templates, line endings, signing) must not change a hash.
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME='Ada Example' GIT_AUTHOR_EMAIL=ada@example.com
export GIT_COMMITTER_NAME='Ada Example' GIT_COMMITTER_EMAIL=ada@example.com
git -C "$repo" init -q -b main
day=0
# commit NAME SUBJECT: commits everything on its own day, prints its row.
commit() {
  day=$((day + 1))
  export GIT_AUTHOR_DATE="2026-01-0${day}T12:00:00+0000" GIT_COMMITTER_DATE="2026-01-0${day}T12:00:00+0000"
  git -C "$repo" add -A
  git -C "$repo" commit -q -m "$1: $2"
  printf '%s,%s\n' "$(git -C "$repo" rev-parse HEAD)" "$1"
}
echo HASH,NAME

cat >"$repo/Makefile" <<'EOF'
VERSION = unknown
CFLAGS = -O2 -Wall

hello: hello.c
	$(CC) $(CFLAGS) -DVERSION='"$(VERSION)"' -o $@ hello.c

clean:
	rm -f hello

.PHONY: clean
EOF
cat >"$repo/hello.c" <<'EOF'
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		puts(VERSION);
		return 0;
	}
	puts("Hello, world!");
	return 0;
}
EOF
commit hello 'print a greeting, and the version with --version'

cat >"$repo/hello.c" <<'EOF'
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		puts(VERSION);
		return 0;
	}
	printf("Hello, %s!\n", argc > 1 ? argv[1] : "world");
	return 0;
}
EOF
commit greet-name 'greet the name given'

# The broken commit: `times` is used but never declared.
cat >"$repo/hello.c" <<'EOF'
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		puts(VERSION);
		return 0;
	}
	for (int i = 0; i < times; i++)
		printf("Hello, %s!\n", argc > 1 ? argv[1] : "world");
	return 0;
}
EOF
commit repeat 'greet as many times as asked'

cat >"$repo/hello.c" <<'EOF'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		puts(VERSION);
		return 0;
	}
	int times = argc > 2 ? atoi(argv[2]) : 1;
	for (int i = 0; i < times; i++)
		printf("Hello, %s!\n", argc > 1 ? argv[1] : "world");
	return 0;
}
EOF
commit repeat-fixed 'declare times, which repeat used undeclared'
