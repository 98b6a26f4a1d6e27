import { encodeBytes } from '@ixjob/sdk/internal';

type Ffi = typeof import('node:ffi');

/** A string as C takes it: its bytes (escaped bytes restored, see surrogate-escape.ts) and a NUL. */
export function cString(text: string): Buffer {
  const bytes = encodeBytes(text);
  const terminated = Buffer.allocUnsafe(bytes.length + 1);
  bytes.copy(terminated);
  terminated[bytes.length] = 0;
  return terminated;
}

/**
 * A NULL-terminated `char *[]` over one buffer of NUL-terminated strings, each the exact bytes
 * its string stands for. Keep both buffers reachable until the call that reads them returns.
 */
export function cStrings(ffi: Ffi, strings: readonly string[]): { bytes: Buffer; table: Buffer } {
  // Plain text, as nearly always: one encoding of the whole, as fast as it gets.
  const plain = strings.every((text) => text.isWellFormed());
  const bytes = plain
    ? Buffer.from(strings.map((text) => `${text}\0`).join(''))
    : Buffer.concat(strings.map(cString));
  const table = Buffer.alloc((strings.length + 1) * 8);
  const base = ffi.getRawPointer(bytes);
  let offset = 0;
  strings.forEach((text, i) => {
    table.writeBigUInt64LE(base + BigInt(offset), i * 8);
    offset += (plain ? Buffer.byteLength(text) : encodeBytes(text).length) + 1;
  });
  return { bytes, table };
}

/** `NAME=value` for each variable, the form execve and posix_spawn take. */
export const environmentStrings = (env: Readonly<Record<string, string>>): string[] =>
  Object.entries(env).map(([name, value]) => `${name}=${value}`);
