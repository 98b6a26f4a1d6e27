import { formatPodinfoMap, goQuote, goUnquote, parsePodinfoMap } from '@ixjob/sdk/internal';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fromHex, goVectors } from '../../../../test/support/go-vectors.ts';

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

describe('Go quoting, against vectors from the kubelet’s own code', () => {
  test.each(goVectors.quote)('quote: $name', ({ hex, quotedHex }) => {
    expect(goQuote(fromHex(hex))).toBe(Buffer.from(quotedHex, 'hex').toString('utf8'));
  });

  test.each(goVectors.quote)('unquote inverts quote: $name', ({ hex, quotedHex }) => {
    const quoted = fromHex(quotedHex);
    const result = goUnquote(quoted, 0);
    expect(result).toMatchObject({ ok: true, end: quoted.length });
    if (result.ok) expect(text(result.value)).toBe(text(fromHex(hex)));
  });

  test.each(goVectors.unquote)('unquote like strconv.Unquote: $name', ({ inputHex, ok, hex }) => {
    const input = fromHex(inputHex);
    const result = goUnquote(input, 0);
    // strconv.Unquote also refuses text after the closing quote; here that is the caller's job.
    const accepted = result.ok && result.end === input.length;
    expect(accepted).toBe(ok);
    if (result.ok && ok) expect(text(result.value)).toBe(text(fromHex(hex ?? '')));
  });

  test.each(goVectors.files)('kubelet file: $name', ({ entriesHex, fileHex }) => {
    const file = fromHex(fileHex);
    const parsed = parsePodinfoMap(file, 'annotations');
    const entries = Object.fromEntries(
      [...parsed].map(([key, { value }]) => [key, Buffer.from(value).toString('hex')]),
    );
    expect(entries).toEqual(entriesHex);
    const asStrings = Object.fromEntries(
      Object.entries(entriesHex).map(([key, hex]) => [
        key,
        Buffer.from(hex, 'hex').toString('utf8'),
      ]),
    );
    // Only valid UTF-8 survives a JavaScript string; compare the files where it does.
    if (
      Object.values(entriesHex).every(
        (hex) => Buffer.from(Buffer.from(hex, 'hex').toString('utf8')).toString('hex') === hex,
      )
    ) {
      expect(formatPodinfoMap(asStrings)).toBe(
        file.length === 0 ? '' : Buffer.from(file).toString('utf8'),
      );
    }
  });
});

describe('Go quoting, properties', () => {
  test('any byte string round-trips through quote and unquote', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const quoted = new TextEncoder().encode(goQuote(bytes));
        const result = goUnquote(quoted, 0);
        return result.ok && result.end === quoted.length && text(result.value) === text(bytes);
      }),
      { numRuns: 2000 },
    );
  });

  test('any string round-trips, whatever its code points', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-composite', maxLength: 32 }), (value) => {
        const result = goUnquote(new TextEncoder().encode(goQuote(value)), 0);
        return result.ok && new TextDecoder().decode(result.value) === value;
      }),
    );
  });

  test('quoted output is one line of valid UTF-8, so the file stays line-oriented', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const quoted = goQuote(bytes);
        return (
          !quoted.includes('\n') &&
          new TextDecoder('utf-8', { fatal: true }).decode(new TextEncoder().encode(quoted)) ===
            quoted
        );
      }),
    );
  });

  test('a whole map round-trips through the kubelet format', () => {
    const key = fc.stringMatching(/^[a-z0-9.]{1,12}\/[a-z0-9-]{1,12}$/);
    fc.assert(
      fc.property(fc.dictionary(key, fc.string({ unit: 'binary', maxLength: 24 })), (map) => {
        const parsed = parsePodinfoMap(new TextEncoder().encode(formatPodinfoMap(map)), 'f');
        const back = Object.fromEntries(
          [...parsed].map(([k, { value }]) => [k, new TextDecoder().decode(value)]),
        );
        expect(back).toEqual(
          Object.fromEntries(
            Object.entries(map).map(([k, v]) => [
              k,
              new TextDecoder().decode(new TextEncoder().encode(v)),
            ]),
          ),
        );
      }),
    );
  });
});
