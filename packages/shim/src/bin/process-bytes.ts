// Node decodes argv, the environment and the working directory as UTF-8, turning every other
// byte into U+FFFD for good. Linux keeps the bytes in /proc: where a U+FFFD shows that Node
// replaced something, they are read from there, escaped losslessly (PEP 383).
import { readFileSync, readlinkSync } from 'node:fs';
import { decodeBytes } from '@ixjob/sdk/internal';

const REPLACED = '\ufffd';

/** The NUL-terminated strings of a /proc file such as cmdline or environ. */
function nulStrings(file: string): string[] | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const strings: string[] = [];
  let start = 0;
  for (let end = bytes.indexOf(0); end !== -1; end = bytes.indexOf(0, start)) {
    strings.push(decodeBytes(bytes.subarray(start, end)));
    start = end + 1;
  }
  if (start < bytes.length) strings.push(decodeBytes(bytes.subarray(start)));
  return strings;
}

/**
 * The user's arguments (`process.argv` less Node and the script), byte for byte. They are the
 * last ones of /proc/self/cmdline whatever came before them: Node's options, a loader, a launcher.
 */
export function userArguments(argv: readonly string[]): string[] {
  const given = argv.slice(2);
  if (!given.some((arg) => arg.includes(REPLACED))) return given;
  const raw = nulStrings('/proc/self/cmdline');
  if (raw === undefined || raw.length < given.length) return given;
  const exact = raw.slice(raw.length - given.length);
  // Trust /proc only when it says what Node says wherever Node's view is whole.
  const agrees = given.every((arg, i) => arg.includes(REPLACED) || arg === exact[i]);
  return agrees ? exact : given;
}

/** The environment as plain strings, byte for byte; the first of two same names wins, as getenv. */
export function userEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  const plain: Record<string, string> = {};
  let replaced = false;
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    plain[name] = value;
    if (!replaced && (name.includes(REPLACED) || value.includes(REPLACED))) replaced = true;
  }
  if (!replaced) return plain;
  const raw = nulStrings('/proc/self/environ');
  if (raw === undefined) return plain;
  const exact: Record<string, string> = {};
  for (const entry of raw) {
    const equals = entry.indexOf('=');
    // An entry without `=` is no variable: Node's process.env skips it too.
    if (equals < 1) continue;
    const name = entry.slice(0, equals);
    if (!Object.hasOwn(exact, name)) exact[name] = entry.slice(equals + 1);
  }
  return exact;
}

/** The working directory, byte for byte; throws as process.cwd() does when it was deleted. */
export function workingDirectory(): string {
  const cwd = process.cwd();
  if (!cwd.includes(REPLACED)) return cwd;
  try {
    return decodeBytes(readlinkSync('/proc/self/cwd', { encoding: 'buffer' }));
  } catch {
    return cwd;
  }
}
