import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { BASE_ENV, IXJOB } from '../support/ixjob-process.ts';
import { scratchDirs } from '../support/scratch-dirs.ts';

/**
 * Issue 11, the item cap: one line, CSV record or JSON element of a work file holds at most
 * 1 MiB (MAX_ITEM_BYTES), refused with one line (65, file:line) as soon as an item passes
 * it; resolving keeps flat memory on files of any size. Checked by peak RSS of the real
 * process under GNU time, never by time.
 */
const dir = scratchDirs('item-cap')();

describe.skipIf(!existsSync('/usr/bin/time'))(
  'memory stays flat: the item cap and files of any size',
  () => {
    const LIMIT_MIB = 150;
    /** `ixjob ARGS` under GNU time: exit code, stderr without time's lines, peak RSS in MiB. */
    function peak(args: string[]) {
      const result = spawnSync('/usr/bin/time', ['-f', '%M', IXJOB, ...args], {
        env: BASE_ENV,
        encoding: 'utf8',
        input: '',
        timeout: 120_000,
      });
      const lines = result.stderr.trimEnd().split('\n');
      const kib = Number(lines.pop());
      return {
        code: result.status,
        stderr: lines.filter((l) => !l.startsWith('Command exited')).join('\n'),
        mib: kib / 1024,
      };
    }
    const hugeLine = join(dir, 'huge-line.txt');
    const hugeGzip = join(dir, 'huge-no-newline.gz');
    const bigList = join(dir, 'big-list.txt');

    test.each<[string, () => string[], number, RegExp]>([
      [
        'a 300 MB single line',
        () => {
          writeFileSync(hugeLine, Buffer.alloc(300 << 20, 0x78));
          return ['--per-completion-env', `F=@${hugeLine}`];
        },
        65,
        /^ixjob: line longer than 1 MiB, .*huge-line\.txt:1\)$/,
      ],
      [
        'a gzip stream of 1 GB with no newline',
        () => {
          // Deflated from zeros in pieces, so the test never holds the gigabyte.
          const piece = gzipSync(Buffer.alloc(64 << 20, 0x7a), { level: 1 });
          writeFileSync(hugeGzip, Buffer.concat(Array.from({ length: 16 }, () => piece)));
          return ['--per-completion-env', `F=@${hugeGzip}`];
        },
        65,
        /^ixjob: line longer than 1 MiB, .*huge-no-newline\.gz:1\)$/,
      ],
      [
        'the last of 20 million lines (about 170 MB)',
        () => {
          const block = Buffer.from(
            Array.from({ length: 100_000 }, (_, i) => `item-${i}`)
              .join('\n')
              .concat('\n'),
          );
          writeFileSync(bigList, Buffer.concat(Array.from({ length: 200 }, () => block)));
          return [
            '--index',
            String(20_000_000 - 1),
            '--per-completion-env',
            `F=@${bigList}`,
            '-o',
            'env',
          ];
        },
        0,
        /^$/,
      ],
    ])('%s', (_name, args, code, stderr) => {
      const made = args();
      const result = peak([
        'resolve',
        ...(made.includes('--index') ? [] : ['--index', '0']),
        ...made,
      ]);
      expect(result.stderr).toMatch(stderr);
      expect(result.code).toBe(code);
      expect(result.mib).toBeLessThan(LIMIT_MIB);
    });
  },
);
