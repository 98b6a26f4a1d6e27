import { IxjobError } from '../failure/ixjob-error.ts';
import { goQuote } from './go-quote.ts';
import { goUnquote } from './go-unquote.ts';

/** One `key="value"` entry of a downward-API map file, with the line it stands on. */
export interface PodinfoEntry {
  value: Uint8Array;
  line: number;
}

const NEWLINE = 0x0a;
const EQUALS = 0x3d;
const utf8 = new TextDecoder();

/**
 * Parses a whole-map downward-API file (`metadata.annotations` or `metadata.labels`) as the
 * kubelet writes it: `key="value"` lines, values quoted by Go's `strconv.Quote`, no trailing
 * newline. A value can hold escaped newlines or text like `x="y"`, so the file is read as a
 * sequence of quoted tokens, never split on raw lines. `file` names it in errors.
 */
export function parsePodinfoMap(bytes: Uint8Array, file: string): Map<string, PodinfoEntry> {
  const entries = new Map<string, PodinfoEntry>();
  let at = 0;
  let line = 1;
  const fail: (reason: string) => never = (reason) => {
    throw new IxjobError('data', `malformed downward-API file: ${reason}`, `${file}:${line}`);
  };
  // The kubelet writes no trailing newline; one written by hand is forgiven.
  const end = bytes.at(-1) === NEWLINE ? bytes.length - 1 : bytes.length;
  while (at < end) {
    const equals = bytes.indexOf(EQUALS, at);
    const newline = bytes.indexOf(NEWLINE, at);
    if (equals === -1 || equals >= end || (newline !== -1 && newline < equals))
      fail('expected key="value"');
    if (equals === at) fail('empty key');
    const key = utf8.decode(bytes.subarray(at, equals));
    const quoted = goUnquote(bytes, equals + 1);
    if (!quoted.ok) fail(quoted.reason);
    else {
      if (entries.has(key)) fail(`key ${key} appears twice`);
      entries.set(key, { value: quoted.value, line });
      at = quoted.end;
    }
    if (at === end) break;
    if (bytes[at] !== NEWLINE) fail('unexpected text after the closing quote');
    at += 1;
    line += 1;
    // A separator promises another entry.
    if (at === end) fail('expected key="value"');
  }
  return entries;
}

/** Writes a map in the kubelet's exact format: keys sorted byte-wise, Go quoting, no final newline. */
export function formatPodinfoMap(map: Readonly<Record<string, string>>): string {
  const encoder = new TextEncoder();
  return Object.keys(map)
    .map((key) => ({ key, bytes: encoder.encode(key) }))
    .sort((a, b) => Buffer.compare(a.bytes, b.bytes))
    .map(({ key }) => `${key}=${goQuote(map[key] ?? '')}`)
    .join('\n');
}
