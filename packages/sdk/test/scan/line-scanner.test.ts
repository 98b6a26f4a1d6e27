import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { lineScanner } from '../../src/scan/line-scanner.ts';
import { everyByte, feed, texts } from './feed.ts';

/** What the scanner must find: every line with a byte other than space, tab or CR, CR stripped. */
function reference(input: string): string[] {
  const lines = input.split('\n').map((line) => line.replace(/\r$/, ''));
  return lines
    .map((line, i) => `${i + 1}:${line}`)
    .filter((_, i) => /[^ \t\r]/.test(lines[i] ?? ''));
}

describe('lineScanner', () => {
  test.each([
    ['plain lines', 'a\nb\nc\n', ['1:a', '2:b', '3:c']],
    ['no final newline', 'a\nb', ['1:a', '2:b']],
    ['CRLF', 'a\r\nb\r\n', ['1:a', '2:b']],
    ['blank and whitespace-only lines skipped', '\na\n\n  \n\t\r\nb\n\n', ['2:a', '6:b']],
    ['inner and outer spaces kept', ' a b \n', ['1: a b ']],
    ['a lone CR inside a line is kept', 'a\rb\n', ['1:a\rb']],
    ['empty input', '', []],
    ['only newlines', '\n\n\n', []],
    ['a last line with only a CR', 'a\n\r', ['1:a']],
    ['a last line ending in CR', 'a\nb\r', ['1:a', '2:b']],
    ['non-ASCII', 'é\n日本\n', ['1:é', '2:日本']],
  ])('%s, whole and one byte at a time', (_name, input, expected) => {
    expect(texts(input, feed(lineScanner(), input))).toEqual(expected);
    expect(texts(input, feed(lineScanner(), input, everyByte(input.length)))).toEqual(expected);
  });

  test('stops when the callback says so', () => {
    const scanner = lineScanner();
    const seen: number[] = [];
    const stopped = scanner.push(new TextEncoder().encode('a\nb\nc\n'), 0, (start) => {
      seen.push(start);
      return seen.length === 2;
    });
    expect(stopped).toBe(true);
    expect(seen).toEqual([0, 2]);
  });

  test('finds the same lines however the input is cut', () => {
    const text = fc.string({
      unit: fc.constantFrom('a', 'é', ' ', '\t', '\r', '\n', 'x'),
      maxLength: 60,
    });
    fc.assert(
      fc.property(text, fc.array(fc.nat(80)), (input, cuts) => {
        expect(texts(input, feed(lineScanner(), input, cuts))).toEqual(reference(input));
      }),
      { numRuns: 2000 },
    );
  });
});
