import { hasEscapedBytes } from '@ixjob/sdk/internal';

/**
 * Which string of a command holds bytes that are not UTF-8 (escaped, see surrogate-escape.ts):
 * `argument 1`, `variable NAME`; undefined when all are plain text, as nearly always.
 */
export function bytesAt(
  argv: readonly string[],
  env: Readonly<Record<string, string>>,
): string | undefined {
  for (const [i, arg] of argv.entries()) {
    if (hasEscapedBytes(arg)) return i === 0 ? 'the command name' : `argument ${i}`;
  }
  for (const name in env) {
    if (hasEscapedBytes(name) || hasEscapedBytes(env[name] ?? '')) return `variable ${name}`;
  }
  return undefined;
}
