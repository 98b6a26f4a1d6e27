import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  blenderFrameList,
  frameStep,
  MAX_FRAME_LIST_BYTES,
} from '../../src/dims/frame-chunk-values.ts';
import { frameChunks } from '../../src/dims/frame-chunks.ts';
import { type FrameSegment, parseFrameRange } from '../../src/dims/frame-range.ts';

const segmentsOf = (text: string) => parseFrameRange(text, '--frames').segments;

/** Blender's reading of `-f LIST` (creator_args.c): comma-separated frames and `a..b` runs. */
const blenderFrames = (list: string): number[] =>
  list === ''
    ? []
    : list.split(',').flatMap((part) => {
        const [first, last] = part.split('..').map(Number) as [number, number?];
        if (last === undefined) return [first];
        return Array.from({ length: last - first + 1 }, (_, k) => first + k);
      });

const framesOf = (segments: readonly FrameSegment[]) =>
  segments.flatMap(({ start, end, step }) =>
    Array.from({ length: (end - start) / step + 1 }, (_, k) => start + k * step),
  );

describe('FRAME_STEP and FRAME_LIST of one chunk', () => {
  test.each([
    ['one frame', '7', '1', '7'],
    ['two neighbours, not a run', '7-8', '1', '7,8'],
    ['a run of three', '7-9', '1', '7..9'],
    [
      'the issue: --frames 1-100x5 --chunk 10, chunk 0',
      '1-46x5',
      '5',
      '1,6,11,16,21,26,31,36,41,46',
    ],
    ['the issue: 1,3 is not 1..3', '1,3', '2', '1,3'],
    ['the issue: a list with a run', '1,3,7-10', '', '1,3,7..10'],
    ['frame 0', '0-2', '1', '0..2'],
    ['an even step across segments of different steps', '1,3-9:2', '2', '1,3,5,7,9'],
    ['a run across segments of different steps', '3-5:2,6-7', '', '3,5..7'],
    ['a stepped segment then a run', '1-5:2,6-8', '', '1,3,5..8'],
    ['two runs', '1-3,5-7', '', '1..3,5..7'],
    ['even spacing between single frames', '2,5,8', '3', '2,5,8'],
    ['uneven spacing between single frames', '2,5,9', '', '2,5,9'],
    ['a negative frame: Blender reads -5 as before the end', '-5--3', '1', ''],
    ['one negative frame among others', '-1-3', '1', ''],
  ])('%s: %s', (_name, range, step, list) => {
    const segments = segmentsOf(range);
    expect(frameStep(segments)).toBe(step);
    expect(blenderFrameList(segments, 0, '--frames')).toBe(list);
  });

  test('FRAME_LIST stops at what one variable can hold, naming the index and where', () => {
    // "10" and 21843 five-digit frames, each after a comma: exactly MAX_FRAME_LIST_BYTES.
    const fits: FrameSegment[] = [
      { start: 10, end: 10, step: 1 },
      { start: 10_000, end: 10_000 + 2 * 21_842, step: 2 },
    ];
    expect(blenderFrameList(fits, 0, '--frames')).toHaveLength(MAX_FRAME_LIST_BYTES);
    expect(MAX_FRAME_LIST_BYTES + 'FRAME_LIST='.length + 1).toBe(128 * 1024);
    const over: FrameSegment[] = [
      fits[0] as FrameSegment,
      { ...(fits[1] as FrameSegment), end: 10_000 + 2 * 21_843 },
    ];
    expect(() => blenderFrameList(over, 4, 'job.yaml:3')).toThrow(
      expect.objectContaining({
        name: 'IxjobError',
        kind: 'usage',
        where: 'job.yaml:3',
        message: `index 4's frames, as Blender's -f list (FRAME_LIST), are over the ${MAX_FRAME_LIST_BYTES} bytes one variable can hold (Linux's 128 KiB); use a smaller chunk`,
      }),
    );
  });

  test('a huge stepped chunk is refused without listing it, a huge run is one part', async () => {
    const stepped = frameChunks('0-4503599627370494:2', 2 ** 51);
    await expect(stepped.record(0)).rejects.toThrow(/index 0's frames, as Blender's -f list/);
    expect((await frameChunks('0-4503599627370495', 2 ** 52).record(0)).FRAME_LIST).toBe(
      '0..4503599627370495',
    );
  });
});

/** The oracle for "ranges collapsed": every maximal run of three or more frames as `a..b`. */
const collapsed = (frames: readonly number[]): string => {
  const runs: number[][] = [];
  for (const frame of frames) {
    const run = runs.at(-1);
    if (run !== undefined && run.at(-1) === frame - 1) run.push(frame);
    else runs.push([frame]);
  }
  return runs
    .map((run) => (run.length >= 3 ? `${run[0]}..${run.at(-1)}` : run.join(',')))
    .join(',');
};

/** Ranges of non-negative frames: up to five parts of any step, at any gap. */
const rangeArb = fc
  .array(
    fc.record({
      gap: fc.integer({ min: 1, max: 6 }),
      frames: fc.integer({ min: 1, max: 8 }),
      step: fc.integer({ min: 1, max: 4 }),
    }),
    { minLength: 1, maxLength: 5 },
  )
  .chain((parts) =>
    fc.integer({ min: 0, max: 20 }).map((first) => {
      let at = first;
      return parts
        .map(({ gap, frames, step }) => {
          const start = at;
          at = start + (frames - 1) * step + gap;
          return frames === 1 ? String(start) : `${start}-${at - gap}:${step}`;
        })
        .join(',');
    }),
  );

describe('FRAME_STEP and FRAME_LIST: properties', () => {
  test('Blender reads FRAME_LIST back as exactly the chunk’s frames; FRAME_STEP spaces them', async () => {
    await fc.assert(
      fc.asyncProperty(rangeArb, fc.integer({ min: 1, max: 12 }), async (range, chunk) => {
        const dimension = frameChunks(range, chunk);
        for (let index = 0; index < (await dimension.length()); index++) {
          const record = await dimension.record(index);
          const frames = framesOf(segmentsOf(record.FRAMES as string));
          expect(blenderFrames(record.FRAME_LIST as string)).toEqual(frames);
          expect(record.FRAME_LIST).toBe(collapsed(frames));
          const gaps = frames.slice(1).map((frame, k) => frame - (frames[k] as number));
          const even = gaps.every((gap) => gap === gaps[0]);
          expect(record.FRAME_STEP).toBe(even ? String(gaps[0] ?? 1) : '');
        }
      }),
    );
  });
});
