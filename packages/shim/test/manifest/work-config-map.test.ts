import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { CONFIG_MAP_MAX_BYTES, workConfigMap } from '../../src/manifest/work-config-map.ts';

const files = (entries: [string, string | Uint8Array][]) =>
  new Map(entries.map(([key, value]) => [key, Buffer.from(value)]));

/** Each key's bytes as the shim would read them from the mounted volume. */
function mounted(configMap: Record<string, unknown>): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const [key, text] of Object.entries((configMap.data ?? {}) as Record<string, string>))
    out.set(key, Buffer.from(text));
  for (const [key, b64] of Object.entries((configMap.binaryData ?? {}) as Record<string, string>)) {
    const bytes = Buffer.from(b64, 'base64');
    out.set(key, bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes);
  }
  return out;
}

describe('workConfigMap', () => {
  test.each([
    ['a short list stays text', [['fruits.txt', 'apple\nbanana\n']], ['data']],
    [
      'a long repetitive list is gzipped',
      [['big.txt', 'line of text\n'.repeat(5000)]],
      ['binaryData'],
    ],
    [
      'bytes that are not UTF-8 are binary',
      [['raw.bin', new Uint8Array([0xff, 0xfe, 0x00])]],
      ['binaryData'],
    ],
  ] as [string, [string, string | Uint8Array][], string[]][])(
    '%s, and reads back byte for byte',
    (_name, entries, fields) => {
      const given = files(entries);
      const configMap = workConfigMap('job', given);
      expect(fields.every((field) => field in configMap)).toBe(true);
      expect(configMap.immutable).toBe(true);
      expect(mounted(configMap)).toEqual(given);
    },
  );

  test('the spec stays text however well it compresses: the shim reads it whole, never through gzip', () => {
    const spec = `${JSON.stringify({ dimensions: Array(50).fill({ values: { F: '@f.txt' } }) }, null, 2)}\n`;
    const configMap = workConfigMap('job', files([['spec.json', spec]]));
    expect(configMap.data).toEqual({ 'spec.json': spec });
    expect(configMap.binaryData).toBeUndefined();
  });

  test('the name follows the content', () => {
    const a = workConfigMap('job', files([['l.txt', 'a\n']]));
    const same = workConfigMap('job', files([['l.txt', 'a\n']]));
    const other = workConfigMap('job', files([['l.txt', 'b\n']]));
    const name = (configMap: Record<string, unknown>) =>
      (configMap.metadata as { name: string }).name;
    expect(name(a)).toMatch(/^job-work-[0-9a-f]{10}$/);
    expect(name(same)).toBe(name(a));
    expect(name(other)).not.toBe(name(a));
  });

  test('past the size limit: one line with the way out', () => {
    // Random bytes do not compress.
    const random = randomBytes(CONFIG_MAP_MAX_BYTES);
    expect(() => workConfigMap('job', files([['r.bin', random]]))).toThrow(
      expect.objectContaining({ kind: 'data', where: '--work-volume' }),
    );
  });
});
