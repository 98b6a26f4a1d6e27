// bin/ixjob of the portable bundle. The kernel needs an absolute path to a program's loader, so
// a bundle copied anywhere starts its Node through its own loader from here: lib/LOADER runs
// lib/ixjob, whose libraries come from lib/ by its $ORIGIN run path. Nothing reaches the
// environment, so the command the shim execs inherits none of this.
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef LOADER
#define LOADER "ld-linux-x86-64.so.2"
#endif

// The "internal" code of the shim's one exit-code table (packages/sdk/src/failure/exit-codes.ts).
#define EXIT_INTERNAL 70

static int fail(const char *what, const char *path) {
  fprintf(stderr, "ixjob: %s (%s)\n", what, path);
  return EXIT_INTERNAL;
}

// The bundle's root: two levels above this executable's real path.
static int bundle_root(const char *argv0, char *root) {
  ssize_t n = readlink("/proc/self/exe", root, PATH_MAX - 1);
  if (n > 0) {
    root[n] = '\0';
  } else if (strchr(argv0, '/') == NULL || realpath(argv0, root) == NULL) {
    // Without /proc the path we were started by is all there is.
    return -1;
  }
  for (int level = 0; level < 2; level++) {
    char *slash = strrchr(root, '/');
    if (slash == NULL) return -1;
    *slash = '\0';
  }
  return 0;
}

int main(int argc, char **argv) {
  static char root[PATH_MAX], loader[PATH_MAX], program[PATH_MAX];
  const char *argv0 = argc > 0 ? argv[0] : "";
  if (bundle_root(argv0, root) != 0) return fail("cannot find the bundle this launcher is in", argv0);
  if (snprintf(loader, sizeof loader, "%s/lib/%s", root, LOADER) >= (int)sizeof loader ||
      snprintf(program, sizeof program, "%s/lib/ixjob", root) >= (int)sizeof program)
    return fail("the bundle's path is too long", root);

  char **args = calloc((size_t)argc + 2, sizeof *args);
  if (args == NULL) return fail("out of memory", argv0);
  args[0] = loader;
  args[1] = program;
  for (int i = 1; i < argc; i++) args[i + 1] = argv[i];
  execv(loader, args);
  fprintf(stderr, "ixjob: cannot start the bundle's loader (%s: %s)\n", loader, strerror(errno));
  return EXIT_INTERNAL;
}
