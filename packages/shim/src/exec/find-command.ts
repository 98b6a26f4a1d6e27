import { isAbsolute, join, resolve } from 'node:path';
import { IxjobError } from '@ixjob/sdk/internal';
import type { Inspect, Inspection } from './inspect-executable.ts';

/** Docker's PATH for an image that sets none. */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** Linux follows at most this many nested `#!` interpreters. */
const MAX_INTERPRETER_DEPTH = 4;

const REASONS: Record<Exclude<Inspection['kind'], 'runnable' | 'missing'>, string> = {
  directory: 'is a directory',
  'no-permission': 'is not executable (permission denied)',
  'bad-format': 'cannot be executed: no #! line and not an ELF binary',
  'wrong-architecture': `is an ELF binary for another architecture than ${process.arch}`,
  'long-shebang':
    "cannot be executed: the interpreter's path on its #! line does not end within the 256 bytes the kernel reads (BINPRM_BUF_SIZE); shorten it, e.g. #!/usr/bin/env NAME",
  'bad-path': 'is not a usable path (too long, or a loop of symbolic links)',
};

/** The missing interpreter `name...\r` of a script saved with Windows line endings. */
function crlfInterpreter(file: string, interpreter: string): IxjobError {
  return new IxjobError(
    'not-found',
    `${file} has Windows line endings (CRLF): its #! line names ${JSON.stringify(interpreter)}, carriage return included, which does not exist; convert it to LF line endings (dos2unix, or sed -i 's/\\r$//')`,
    file,
  );
}

/** Follows `#!` lines and ELF loaders so that a missing interpreter is caught before execve. */
function checkInterpreters(file: string, first: Inspection, inspect: Inspect, cwd: string): void {
  let inspection = first;
  let current = file;
  for (let depth = 0; inspection.kind === 'runnable' && inspection.interpreter; depth++) {
    if (depth === MAX_INTERPRETER_DEPTH) {
      throw new IxjobError('not-executable', `${file}: too many levels of #! interpreters`, file);
    }
    const interpreter = resolve(cwd, inspection.interpreter);
    inspection = inspect(interpreter);
    if (inspection.kind === 'missing') {
      if (interpreter.endsWith('\r')) throw crlfInterpreter(file, interpreter);
      throw new IxjobError(
        'not-found',
        `${file}: its interpreter ${interpreter} (named by ${current}) does not exist`,
        file,
      );
    }
    if (inspection.kind !== 'runnable') {
      throw new IxjobError(
        'not-executable',
        `${file}: its interpreter ${interpreter} ${REASONS[inspection.kind]}`,
        file,
      );
    }
    current = interpreter;
  }
}

/**
 * Finds what execve should run for `name`, as execvp would: a name with a slash is a path,
 * anything else is looked up in `PATH` (an empty entry is the current directory). A match
 * that cannot run is skipped in favour of a later one, and reported if nothing else is found.
 */
export function findCommand(
  name: string,
  path: string | undefined,
  cwd: string,
  inspect: Inspect,
): string {
  if (name === '') throw new IxjobError('not-found', 'the command is an empty string');
  const candidates = name.includes('/')
    ? [isAbsolute(name) ? name : resolve(cwd, name)]
    : (path ?? DEFAULT_PATH).split(':').map((dir) => resolve(cwd, join(dir || '.', name)));
  let unusable: { file: string; inspection: Inspection } | undefined;
  for (const file of candidates) {
    const inspection = inspect(file);
    if (inspection.kind === 'runnable') {
      checkInterpreters(file, inspection, inspect, cwd);
      return file;
    }
    if (inspection.kind !== 'missing') unusable ??= { file, inspection };
  }
  if (
    unusable &&
    unusable.inspection.kind !== 'runnable' &&
    unusable.inspection.kind !== 'missing'
  ) {
    throw new IxjobError(
      'not-executable',
      `${unusable.file} ${REASONS[unusable.inspection.kind]}`,
      name,
    );
  }
  throw name.includes('/')
    ? new IxjobError('not-found', `${name}: no such file`, name)
    : new IxjobError('not-found', `command not found: ${name}`, `PATH=${path ?? DEFAULT_PATH}`);
}
