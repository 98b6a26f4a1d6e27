import { readFileSync } from 'node:fs';
import { encodeBytes, IxjobError, MAX_ARG_STRLEN } from '@ixjob/sdk/internal';

export { MAX_ARG_STRLEN } from '@ixjob/sdk/internal';

/** Below this, argv and environment fit whatever the stack limit; no need to read it. */
const ALWAYS_FITS = 128 * 1024;
const POINTER_BYTES = 8;

/** The kernel allows a quarter of the stack limit for argv and environment together. */
function argumentSpace(): number {
  try {
    const limits = readFileSync('/proc/self/limits', 'utf8');
    const soft = /^Max stack size\s+(\S+)/m.exec(limits)?.[1];
    if (soft === undefined || soft === 'unlimited') return 6 * 1024 * 1024;
    return Math.min(Number(soft) / 4, 6 * 1024 * 1024);
  } catch {
    return 2 * 1024 * 1024;
  }
}

/** E2BIG from execve aborts Node 22 and 24, so the sizes the kernel checks are checked first. */
export function checkArgumentLimits(
  argv: readonly string[],
  env: Readonly<Record<string, string>>,
): void {
  const strings = [...argv, ...Object.entries(env).map(([name, value]) => `${name}=${value}`)];
  // A UTF-16 unit is at most 3 UTF-8 bytes: when that bound fits, nothing needs counting.
  let bound = 0;
  for (const text of strings) bound += text.length * 3 + 1 + POINTER_BYTES;
  if (bound <= ALWAYS_FITS) return;
  let total = 0;
  for (const [i, text] of strings.entries()) {
    // An escaped byte (not UTF-8) is one byte on the way out, not the three of its surrogate.
    const bytes = (text.isWellFormed() ? Buffer.byteLength(text) : encodeBytes(text).length) + 1;
    if (bytes > MAX_ARG_STRLEN) {
      const what =
        i < argv.length
          ? i === 0
            ? 'the command name'
            : `argument ${i}`
          : `variable ${text.split('=')[0]}`;
      throw new IxjobError(
        'not-executable',
        `argument list too long: ${what} is ${bytes} bytes, over the kernel's ${MAX_ARG_STRLEN} per string`,
        what,
      );
    }
    total += bytes + POINTER_BYTES;
  }
  const space = argumentSpace();
  if (total > space) {
    throw new IxjobError(
      'not-executable',
      `argument list too long: ${total} bytes of arguments and environment, over the ${space} this process may pass`,
    );
  }
}
