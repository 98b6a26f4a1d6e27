import { IxjobError, parsePodinfoMap } from '@ixjob/sdk/internal';
import { describe, expect, test } from 'vitest';

const parse = (text: string) => {
  const map = parsePodinfoMap(new TextEncoder().encode(text), '/etc/podinfo/annotations');
  return Object.fromEntries(
    [...map].map(([key, { value, line }]) => [key, [new TextDecoder().decode(value), line]]),
  );
};

describe('parsePodinfoMap', () => {
  test.each([
    ['empty file', '', {}],
    ['one entry', 'a="1"', { a: ['1', 1] }],
    ['no trailing newline, several entries', 'a="1"\nb="2"', { a: ['1', 1], b: ['2', 2] }],
    ['a hand-written trailing newline', 'a="1"\n', { a: ['1', 1] }],
    ['empty value', 'a=""', { a: ['', 1] }],
    ['split at the first equals sign', 'a="b=c"', { a: ['b=c', 1] }],
    [
      'escaped newline that looks like another key',
      'a="x\\nb=\\"2\\""\nc="3"',
      { a: ['x\nb="2"', 1], c: ['3', 2] },
    ],
    ['escaped quote then more text', 'a="\\"\\\\"', { a: ['"\\', 1] }],
    ['printable non-ASCII verbatim', 'k="日本 🎬"', { k: ['日本 🎬', 1] }],
    ['u escape for a no-break space', 'k="\\u00a0"', { k: ['\u00a0', 1] }],
  ])('%s', (_name, text, expected) => {
    expect(parse(text)).toEqual(expected);
  });

  test.each([
    ['no equals sign', 'abc', 1, 'expected key="value"'],
    ['unquoted value', 'a=1', 1, 'expected a double quote'],
    ['unterminated value', 'a="1', 1, 'unterminated quoted value'],
    ['text after the value', 'a="1"x', 1, 'unexpected text after the closing quote'],
    ['a blank line between entries', 'a="1"\n\nb="2"', 2, 'expected key="value"'],
    ['two trailing newlines', 'a="1"\n\n', 2, 'expected key="value"'],
    ['empty key', '="1"', 1, 'empty key'],
    ['a key twice', 'a="1"\na="2"', 2, 'key a appears twice'],
    ['bad escape on line 3', 'a="1"\nb="2"\nc="\\q"', 3, 'unknown escape \\q'],
    ['raw newline in a value', 'a="1\n2"', 1, 'raw newline inside a quoted value'],
  ])('rejects %s, naming the line', (_name, text, line, reason) => {
    expect(() => parse(text)).toThrow(IxjobError);
    expect(() => parse(text)).toThrow(
      expect.objectContaining({
        kind: 'data',
        message: `malformed downward-API file: ${reason}`,
        where: `/etc/podinfo/annotations:${line}`,
      }),
    );
  });
});
