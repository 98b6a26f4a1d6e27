import { execFileSync } from 'node:child_process';
import {
  closeSync,
  fstatSync,
  mkdirSync,
  readFileSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { scratchDirs } from '../../../../test/support/scratch-dirs.ts';
import { nodeFiles } from '../../src/io/files.ts';
import { openForReading } from '../../src/io/open-file.ts';
import { formatBytes, type ReadCap, readCapped } from '../../src/io/read-capped.ts';

const scratch = scratchDirs('open-file');
const dir = scratch();
const fifo = join(dir, 'fifo');
execFileSync('mkfifo', [fifo]);
const socketPath = join(dir, 'socket');
const server = createServer();
await new Promise<void>((resolve) => server.listen(socketPath, resolve));
server.unref();
mkdirSync(join(dir, 'folder'));
writeFileSync(join(dir, 'plain'), 'hello\n');
symlinkSync(join(dir, 'plain'), join(dir, 'link'));
symlinkSync(fifo, join(dir, 'link-to-fifo'));

describe('openForReading: regular files only, refused at once with the reason (66)', () => {
  test.each([
    ['a FIFO (no writer: it must not wait for one)', fifo, `${fifo} is a FIFO, not a regular file`],
    ['a link to a FIFO', join(dir, 'link-to-fifo'), 'is a FIFO, not a regular file'],
    ['/dev/zero (never ends)', '/dev/zero', '/dev/zero is a character device, not a regular file'],
    ['/dev/null', '/dev/null', '/dev/null is a character device, not a regular file'],
    ['a socket', socketPath, 'is a socket, not a regular file'],
    ['a directory', join(dir, 'folder'), 'is a directory, not a regular file'],
    ['a missing file', join(dir, 'none'), 'none: no such file'],
    ['a path through a file', join(dir, 'plain', 'x'), 'cannot read it (ENOTDIR)'],
  ])('%s', (_name, path, message) => {
    expect(() => openForReading(path)).toThrow(
      expect.objectContaining({
        kind: 'noinput',
        where: path,
        message: expect.stringContaining(message),
      }),
    );
  });

  test('the reason can say what the file is for, and the name is the one the user wrote', () => {
    expect(() => openForReading(fifo, 'only a regular file can be indexed', 'fifo')).toThrow(
      expect.objectContaining({
        where: 'fifo',
        message: 'fifo is a FIFO, not a regular file: only a regular file can be indexed',
      }),
    );
  });

  test.each([join(dir, 'plain'), join(dir, 'link')])(
    'a regular file (or a link to one): %s',
    (path) => {
      const fd = openForReading(path);
      try {
        expect(fstatSync(fd).isFile()).toBe(true);
      } finally {
        closeSync(fd);
      }
    },
  );
});

const cap = (bytes: number): ReadCap => ({ bytes, what: 'a test file', hint: 'the hint' });

describe('readCapped: a whole file up to its cap, one line past it (65)', () => {
  test.each([
    ['empty', 0, 4, 'read'],
    ['under the cap', 3, 4, 'read'],
    ['exactly the cap', 4, 4, 'read'],
    ['one byte over', 5, 4, 'refused'],
    ['far over (stat says so: nothing read)', 1 << 20, 4, 'refused'],
  ])('%s', (_name, size, bytes, outcome) => {
    const path = join(scratch(), 'f');
    writeFileSync(path, Buffer.alloc(size, 0x61));
    if (outcome === 'read')
      expect(readCapped(path, cap(bytes))).toEqual(new Uint8Array(size).fill(0x61));
    else
      expect(() => readCapped(path, cap(bytes), 'f')).toThrow(
        expect.objectContaining({
          kind: 'data',
          where: 'f',
          message: 'a test file is over 4 bytes, the most ixjob reads: the hint',
        }),
      );
  });

  test('a file whose size stat does not know (/proc reports 0) is read to its end, capped', () => {
    expect(new TextDecoder().decode(readCapped('/proc/self/status', cap(1 << 20)))).toMatch(
      /^Name:/,
    );
    expect(() => readCapped('/proc/self/status', cap(64))).toThrow(
      expect.objectContaining({ kind: 'data' }),
    );
  });

  // In a fresh process, the bytes read(2) returned (rchar of /proc/self/io, less its own first read).
  const READ_BYTES = `
    const { readFileSync } = await import('node:fs');
    const { readCapped } = await import(${JSON.stringify(new URL('../../src/io/read-capped.ts', import.meta.url).pathname)});
    const rchar = () => readFileSync('/proc/self/io', 'utf8');
    const count = (text) => Number(/^rchar: (\\d+)$/m.exec(text)[1]);
    const before = rchar();
    try { readCapped(process.argv[1], { bytes: Number(process.argv[2]), what: 'x', hint: 'y' }); } catch {}
    process.stdout.write(String(count(rchar()) - count(before) - before.length));`;
  const sparse = join(scratch(), 'sparse');
  writeFileSync(sparse, '');
  truncateSync(sparse, 100 << 20);
  test.each([
    ['a /proc file longer than its cap (stat says 0 bytes)', '/proc/self/status', 100, 101],
    ['a 100 MiB file past a 4 MiB cap (stat says so)', sparse, 4 << 20, 0],
  ])('reads no more than cap + 1 bytes: %s', (_name, file, bytes, read) => {
    const out = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', READ_BYTES, file, String(bytes)],
      { encoding: 'utf8' },
    );
    expect(Number(out)).toBe(read);
  });

  test.each([
    ['a FIFO', fifo, 'noinput'],
    ['/dev/zero', '/dev/zero', 'noinput'],
  ])('%s is refused before any read', (_name, path, kind) => {
    expect(() => readCapped(path, cap(1 << 20))).toThrow(expect.objectContaining({ kind }));
  });

  test('the bytes of any file within its cap come back exactly; any file past it is refused', () => {
    const path = join(scratch(), 'f');
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 9000 }),
        fc.integer({ min: 0, max: 9000 }),
        (bytes, limit) => {
          writeFileSync(path, bytes);
          if (bytes.length <= limit) expect(readCapped(path, cap(limit))).toEqual(bytes);
          else
            expect(() => readCapped(path, cap(limit))).toThrow(
              expect.objectContaining({ kind: 'data' }),
            );
        },
      ),
      { numRuns: 200 },
    );
  });

  test.each([
    [64 << 10, '64 KiB'],
    [4 << 20, '4 MiB'],
    [1000, '1000 bytes'],
  ])('%d bytes is written %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('nodeFiles.read: the reader every podinfo lookup uses', () => {
  test('reads a regular file, refuses a FIFO and a device', () => {
    expect(readFileSync(join(dir, 'plain'))).toEqual(
      Buffer.from(nodeFiles.read(join(dir, 'plain'), cap(100))),
    );
    expect(() => nodeFiles.read(fifo, cap(100))).toThrow(
      expect.objectContaining({ kind: 'noinput' }),
    );
    expect(nodeFiles.kind(fifo)).toBe('file');
    expect(nodeFiles.kind(join(dir, 'folder'))).toBe('dir');
  });
});
