import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { csvTable } from '../../src/dims/csv-table.ts';
import { fileItems } from '../../src/scan/file-items.ts';

const dir = mkdtempSync(join(tmpdir(), 'ixjob-csv-'));
const table = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return csvTable(
    fileItems(path, 'csv', () => {}, name),
    ',',
  );
};
const failure = async (run: () => Promise<unknown>) => {
  try {
    await run();
  } catch (error) {
    const { kind, where } = error as { kind?: string; where?: string };
    return { kind, where, message: (error as Error).message };
  }
  return undefined;
};

describe('CSV counts and messages', () => {
  test.each<[string, string, number, { where: string; message: string }]>([
    [
      'an empty file, any index',
      'empty.csv',
      5,
      {
        where: 'empty.csv',
        message: 'empty.csv has no header row to name the variables: the file is empty or blank',
      },
    ],
    [
      'an empty file, index 0',
      'empty.csv',
      0,
      {
        where: 'empty.csv',
        message: 'empty.csv has no header row to name the variables: the file is empty or blank',
      },
    ],
    [
      'only blank lines',
      'blank.csv',
      2,
      {
        where: 'blank.csv',
        message: 'blank.csv has no header row to name the variables: the file is empty or blank',
      },
    ],
    [
      'a header alone has no records',
      'header.csv',
      0,
      { where: 'header.csv', message: 'index 0 is outside the 0 items of header.csv' },
    ],
    [
      'two records, with a final newline',
      'two.csv',
      2,
      { where: 'two.csv', message: 'index 2 is outside the 2 items of two.csv' },
    ],
    [
      'one record',
      'one.csv',
      3,
      { where: 'one.csv', message: 'index 3 is outside the 1 item of one.csv' },
    ],
    [
      'a bad row before the one asked for is the error, not "outside"',
      'bad.csv',
      5,
      { where: 'bad.csv:3', message: 'row has 3 fields, the header has 2' },
    ],
  ])('%s', async (_name, name, index, expected) => {
    const contents: Record<string, string> = {
      'empty.csv': '',
      'blank.csv': '\n\r\n\n',
      'header.csv': 'a,b\n',
      'two.csv': 'a,b\n1,2\n3,4\n',
      'one.csv': 'a,b\n1,2',
      'bad.csv': 'a,b\n1,2\n1,2,3\n',
    };
    const dim = table(name, contents[name] ?? '');
    expect(await failure(() => dim.record(index))).toEqual({ kind: 'data', ...expected });
  });

  test.each([
    ['empty.csv', '', undefined],
    ['header.csv', 'a,b\n', 0],
    ['two.csv', 'a,b\n1,2\n3,4\n', 2],
  ])('length of %s', async (name, content, length) => {
    const dim = table(`len-${name}`, content);
    if (length === undefined) await expect(dim.length()).rejects.toMatchObject({ kind: 'data' });
    else expect(await dim.length()).toBe(length);
  });

  test('values are byte-exact text, or refused at their line', async () => {
    const dim = table(
      'bytes.csv',
      Buffer.from('a,b\n"x\r\ny",\u00e9\u2603\n"p\u0000q",2\n', 'utf8'),
    );
    expect(await dim.record(0)).toEqual({ a: 'x\r\ny', b: 'é☃' });
    expect(await failure(() => dim.record(1))).toMatchObject({
      kind: 'data',
      where: 'bytes.csv:4',
    });
    const latin = table('latin.csv', Buffer.from([0x61, 0x0a, 0x63, 0x61, 0x66, 0xe9, 0x0a]));
    expect(await failure(() => latin.record(0))).toMatchObject({
      kind: 'data',
      where: 'latin.csv:2',
      message: expect.stringContaining('not valid UTF-8: byte 0xE9 at column 4'),
    });
  });
});
