import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { FRAME_CHUNK_NAMES, frameChunks } from '../../src/dims/frame-chunks.ts';
import { parseFrameRange } from '../../src/dims/frame-range.ts';
import { IxjobError } from '../../src/failure/ixjob-error.ts';
import type { Dimension, Params } from '../../src/spec/dimension.ts';

const records = async (dimension: Dimension): Promise<Params[]> => {
  const length = await dimension.length();
  return Promise.all(Array.from({ length }, (_, i) => dimension.record(i)));
};
const row = (
  start: number,
  end: number,
  count: number,
  frames: string,
  step: string,
  list: string,
): Params => ({
  START_FRAME: String(start),
  END_FRAME: String(end),
  FRAME_COUNT: String(count),
  FRAMES: frames,
  FRAME_STEP: step,
  FRAME_LIST: list,
});
const framesOf = (text: string) => {
  const range = parseFrameRange(text, 'FRAMES');
  return Array.from({ length: range.count }, (_, k) => range.frameAt(k));
};
const thrown = (run: () => unknown): IxjobError => {
  try {
    run();
  } catch (error) {
    if (error instanceof IxjobError) return error;
    throw error;
  }
  throw new Error('nothing was thrown');
};

describe('frameChunks: the seed work lists', () => {
  test('work list 4: --frames 1-3 renders frames 1, 2, 3, one per index', async () => {
    expect(await records(frameChunks('1-3'))).toEqual([
      row(1, 1, 1, '1', '1', '1'),
      row(2, 2, 1, '2', '1', '2'),
      row(3, 3, 1, '3', '1', '3'),
    ]);
  });

  test('work list 5: --frames 1-300 --chunk 100 renders blocks 1-100, 101-200, 201-300', async () => {
    expect(await records(frameChunks('1-300', 100))).toEqual([
      row(1, 100, 100, '1-100', '1', '1..100'),
      row(101, 200, 100, '101-200', '1', '101..200'),
      row(201, 300, 100, '201-300', '1', '201..300'),
    ]);
  });
});

describe('frameChunks: chunks', () => {
  test.each([
    [
      'a short last chunk',
      '1-10',
      4,
      [
        row(1, 4, 4, '1-4', '1', '1..4'),
        row(5, 8, 4, '5-8', '1', '5..8'),
        row(9, 10, 2, '9-10', '1', '9,10'),
      ],
    ],
    ['one chunk bigger than the range', '1-10', 50, [row(1, 10, 10, '1-10', '1', '1..10')]],
    [
      'a stepped range',
      '1-20:2',
      5,
      [row(1, 9, 5, '1-9:2', '2', '1,3,5,7,9'), row(11, 19, 5, '11-19:2', '2', '11,13,15,17,19')],
    ],
    [
      'the render-farm step',
      '1-20x2',
      5,
      [row(1, 9, 5, '1-9:2', '2', '1,3,5,7,9'), row(11, 19, 5, '11-19:2', '2', '11,13,15,17,19')],
    ],
    [
      'a list across parts',
      '1,3,7-10',
      4,
      [row(1, 8, 4, '1,3,7-8', '', '1,3,7,8'), row(9, 10, 2, '9-10', '1', '9,10')],
    ],
    [
      'a list in any order',
      '7-10,3,1',
      4,
      [row(1, 8, 4, '1,3,7-8', '', '1,3,7,8'), row(9, 10, 2, '9-10', '1', '9,10')],
    ],
    ['a single frame', '42', 1, [row(42, 42, 1, '42', '1', '42')]],
    [
      'a descending range, ascending chunks',
      '10-1:-3',
      2,
      [row(1, 4, 2, '1-4:3', '3', '1,4'), row(7, 10, 2, '7-10:3', '3', '7,10')],
    ],
    [
      'negative frames',
      '-3-1',
      3,
      [row(-3, -1, 3, '-3--1', '1', ''), row(0, 1, 2, '0-1', '1', '0,1')],
    ],
    [
      'a cut that joins neighbours',
      '1-9:2,10-12',
      3,
      [
        row(1, 5, 3, '1-5:2', '2', '1,3,5'),
        row(7, 10, 3, '7-9:2,10', '', '7,9,10'),
        row(11, 12, 2, '11-12', '1', '11,12'),
      ],
    ],
  ])('%s: --frames %s --chunk %d', async (_name, range, chunk, expected) => {
    expect(await records(frameChunks(range, chunk))).toEqual(expected);
  });

  test('names, label and digest', async () => {
    const dimension = frameChunks('1-10:4', 2);
    expect(dimension.names).toEqual([
      'START_FRAME',
      'END_FRAME',
      'FRAME_COUNT',
      'FRAMES',
      'FRAME_STEP',
      'FRAME_LIST',
    ]);
    expect(FRAME_CHUNK_NAMES).toEqual(dimension.names);
    expect(dimension.label).toBe('--frames');
    expect(frameChunks('1-3', 1, 'spec.yaml:4').label).toBe('spec.yaml:4');
    expect(await dimension.digest()).toBe('frames:1-9:4:2');
  });

  test('the digest is the frames and the chunk size, however they are written', async () => {
    const digest = (range: string, chunk: number) => frameChunks(range, chunk).digest();
    expect(await digest('1-10:4', 2)).toBe(await digest(' 9-1:-4 ', 2));
    expect(await digest('1-5,6-10', 2)).toBe(await digest('1-10', 2));
    expect(await digest('1-10', 2)).not.toBe(await digest('1-10', 3));
    expect(await digest('1-10', 2)).not.toBe(await digest('1-11', 2));
  });

  test('a huge range is cheap', async () => {
    const dimension = frameChunks('1-100000000', 1000);
    expect(await dimension.length()).toBe(100_000);
    expect(await dimension.record(99_999)).toEqual(
      row(99_999_001, 100_000_000, 1000, '99999001-100000000', '1', '99999001..100000000'),
    );
    expect(await frameChunks('0-4503599627370495', 1).length()).toBe(2 ** 52);
  });
});

describe('frameChunks: errors', () => {
  test.each([
    [0, 'the chunk size must be a whole number of frames, 1 or more; got 0'],
    [-5, 'the chunk size must be a whole number of frames, 1 or more; got -5'],
    [1.5, 'the chunk size must be a whole number of frames, 1 or more; got 1.5'],
    [Number.NaN, 'the chunk size must be a whole number of frames, 1 or more; got NaN'],
    [2 ** 53, 'the chunk size must be a whole number of frames, 1 or more; got 9007199254740992'],
  ])('--chunk %d', (chunk, message) => {
    const error = thrown(() => frameChunks('1-10', chunk));
    expect([error.kind, error.message, error.where]).toEqual(['usage', message, '--chunk']);
    expect(thrown(() => frameChunks('1-10', chunk, 'job.yaml:3', 'job.yaml:4')).where).toBe(
      'job.yaml:4',
    );
  });

  test.each([
    [
      'bad syntax',
      '1-a',
      'bad frame range "1-a": expected a frame number at column 3, found "a"; write frames like 7, 1-100, 1-100:5, 1-100x5 or 1,3,7-10',
    ],
    ['a zero step', '1-10:0', 'bad frame range "1-10:0": "1-10:0" has a zero step'],
    ['a zero render-farm step', '1-10x0', 'bad frame range "1-10x0": "1-10x0" has a zero step'],
    [
      'a negative step counting up',
      '1-10:-1',
      'bad frame range "1-10:-1": "1-10:-1" counts up, so its step must be positive (1-10:1)',
    ],
    ['an overlap', '1-10,5', 'bad frame range "1-10,5": frame 5 is given twice, by "1-10" and "5"'],
  ])('--frames with %s', (_name, range, message) => {
    const error = thrown(() => frameChunks(range, 1));
    expect([error.kind, error.message, error.where]).toEqual(['usage', message, '--frames']);
  });

  test('the range is checked before the chunk size, as the flags come', () => {
    expect(thrown(() => frameChunks('', 0)).where).toBe('--frames');
  });

  test.each([
    [3, 'index 3 is outside the 3 items of --frames'],
    [-1, 'index -1 is outside the 3 items of --frames'],
    [0.5, 'index 0.5 is outside the 3 items of --frames'],
  ])('record(%d) past the end', async (index, message) => {
    const error = await frameChunks('1-300', 100)
      .record(index)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IxjobError);
    expect([(error as IxjobError).kind, (error as IxjobError).message]).toEqual(['data', message]);
  });
});

/** A valid range of small frames: up to five parts, each ascending, descending or single. */
const rangeArb = fc
  .array(
    fc.record({
      gap: fc.integer({ min: 1, max: 9 }),
      frames: fc.integer({ min: 1, max: 12 }),
      step: fc.integer({ min: 1, max: 4 }),
      descending: fc.boolean(),
      x: fc.boolean(),
    }),
    { minLength: 1, maxLength: 5 },
  )
  .chain((parts) =>
    fc.integer({ min: -30, max: 30 }).map((first) => {
      let at = first;
      return parts
        .map(({ gap, frames, step, descending, x }) => {
          const start = at;
          const end = start + (frames - 1) * step;
          at = end + gap;
          if (frames === 1) return String(start);
          return descending ? `${end}-${start}:-${step}` : `${start}-${end}${x ? 'x' : ':'}${step}`;
        })
        .reverse()
        .join(', ');
    }),
  );

describe('frameChunks: properties', () => {
  test('every frame lands in exactly one chunk, in order, and FRAMES is exactly the chunk', async () => {
    await fc.assert(
      fc.asyncProperty(rangeArb, fc.integer({ min: 1, max: 30 }), async (range, chunk) => {
        const all = framesOf(range);
        const chunks = await records(frameChunks(range, chunk));
        expect(chunks).toHaveLength(Math.ceil(all.length / chunk));
        const seen: number[] = [];
        chunks.forEach((record, c) => {
          const frames = framesOf(record.FRAMES as string);
          expect(frames).toEqual(all.slice(c * chunk, (c + 1) * chunk));
          expect(record.START_FRAME).toBe(String(frames[0]));
          expect(record.END_FRAME).toBe(String(frames.at(-1)));
          expect(record.FRAME_COUNT).toBe(String(frames.length));
          if (c < chunks.length - 1) expect(frames).toHaveLength(chunk);
          expect(Object.keys(record)).toEqual([...FRAME_CHUNK_NAMES]);
          seen.push(...frames);
        });
        expect(seen).toEqual(all);
      }),
    );
  });

  test('FRAME_COUNT adds up to the frames of the range', async () => {
    await fc.assert(
      fc.asyncProperty(rangeArb, fc.integer({ min: 1, max: 30 }), async (range, chunk) => {
        const counts = (await records(frameChunks(range, chunk))).map((r) => Number(r.FRAME_COUNT));
        expect(counts.reduce((a, b) => a + b, 0)).toBe(parseFrameRange(range, '--frames').count);
      }),
    );
  });
});
