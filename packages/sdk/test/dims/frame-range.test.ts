import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  type FrameRange,
  type FrameSegment,
  formatFrameRange,
  MAX_FRAME,
  MAX_RANGE_PARTS,
  parseFrameRange,
  segmentLength,
} from '../../src/dims/frame-range.ts';
import { IxjobError } from '../../src/failure/ixjob-error.ts';

const parse = (text: string) => parseFrameRange(text, '--frames');
const framesOf = (range: FrameRange) =>
  Array.from({ length: range.count }, (_, k) => range.frameAt(k));
const expand = (segments: readonly FrameSegment[]) =>
  segments.flatMap((s) => Array.from({ length: segmentLength(s) }, (_, k) => s.start + k * s.step));
const failure = (text: string, where = '--frames'): IxjobError => {
  try {
    parseFrameRange(text, where);
  } catch (error) {
    if (error instanceof IxjobError) return error;
    throw error;
  }
  throw new Error(`${JSON.stringify(text)} parsed`);
};

describe('parseFrameRange: OpenJD range expressions', () => {
  test.each([
    ['a single frame', '7', '7', [7]],
    ['frame zero', '0', '0', [0]],
    ['negative zero is zero', '-0', '0', [0]],
    ['a range', '1-5', '1-5', [1, 2, 3, 4, 5]],
    ['a step', '1-9:2', '1-9:2', [1, 3, 5, 7, 9]],
    ['a step that misses the end stops short', '1-10:4', '1-9:4', [1, 5, 9]],
    ['the render-farm step', '1-10x4', '1-9:4', [1, 5, 9]],
    ['a list', '1,3,7-10', '1,3,7-10', [1, 3, 7, 8, 9, 10]],
    ['a list is sorted', '7-10,3,1', '1,3,7-10', [1, 3, 7, 8, 9, 10]],
    ['neighbours merge', '1-3,4-6', '1-6', [1, 2, 3, 4, 5, 6]],
    ['single neighbours merge', '1,2,3', '1-3', [1, 2, 3]],
    ['stepped neighbours merge', '1-5:2,7-9:2', '1-9:2', [1, 3, 5, 7, 9]],
    ['different steps stay apart', '1-5:2,6', '1-5:2,6', [1, 3, 5, 6]],
    ['a two-frame run', '1-2', '1-2', [1, 2]],
    ['a two-frame step', '1-3:2', '1-3:2', [1, 3]],
    ['a one-frame range', '5-5', '5', [5]],
    ['a one-frame range with any step', '5-5:-3', '5', [5]],
    ['a step longer than the range', '1-3:10', '1', [1]],
    ['descending, turned around', '10-7:-1', '7-10', [7, 8, 9, 10]],
    ['descending with a step', '10-1:-3', '1-10:3', [1, 4, 7, 10]],
    ['descending that misses the end', '10-2:-3', '4-10:3', [4, 7, 10]],
    ['descending render-farm step', '3-1x-1', '1-3', [1, 2, 3]],
    ['negative frames', '-5--3', '-5--3', [-5, -4, -3]],
    ['across zero', '-2-2', '-2-2', [-2, -1, 0, 1, 2]],
    ['negative descending', '-1--7:-3', '-7--1:3', [-7, -4, -1]],
    ['spaces everywhere', ' 1 - 9 : 2 , 20 ', '1-9:2,20', [1, 3, 5, 7, 9, 20]],
    ['spaces around x', '1 - 5 x 2', '1-5:2', [1, 3, 5]],
    ['tabs and newlines', '\t1-3,\n5\r\n', '1-3,5', [1, 2, 3, 5]],
    ['a negative range with spaces', '-3 - 2', '-3-2', [-3, -2, -1, 0, 1, 2]],
    ['leading zeros', '007-010', '7-10', [7, 8, 9, 10]],
  ])('%s: %j is %s', (_name, text, normalised, frames) => {
    const range = parse(text);
    expect(formatFrameRange(range.segments)).toBe(normalised);
    expect(range.count).toBe(frames.length);
    expect(framesOf(range)).toEqual(frames);
  });

  test('a huge range is cheap: segments, not frames', () => {
    const range = parse('1-100000000,200000000-300000000:7');
    expect(range.segments).toEqual([
      { start: 1, end: 100_000_000, step: 1 },
      { start: 200_000_000, end: 299_999_998, step: 7 },
    ]);
    expect(range.count).toBe(100_000_000 + 14_285_715);
    expect(range.frameAt(99_999_999)).toBe(100_000_000);
    expect(range.frameAt(100_000_000)).toBe(200_000_000);
    expect(range.frameAt(range.count - 1)).toBe(299_999_998);
    expect(formatFrameRange(range.slice(99_999_998, 100_000_002))).toBe(
      '99999999-100000000,200000000-200000007:7',
    );
  });

  test('the widest range counts exactly', () => {
    const range = parse(`-${MAX_FRAME}-${MAX_FRAME}`);
    expect(range.count).toBe(Number.MAX_SAFE_INTEGER);
    expect(range.frameAt(range.count - 1)).toBe(MAX_FRAME);
    expect(range.frameAt(MAX_FRAME)).toBe(0);
  });

  test(`${MAX_RANGE_PARTS} parts are allowed`, () => {
    const text = Array.from({ length: MAX_RANGE_PARTS }, (_, i) => String(i * 2)).join(',');
    expect(parse(text).segments).toHaveLength(MAX_RANGE_PARTS);
  });

  test('slice cuts at any frame and merges what now continues', () => {
    const range = parse('1-9:2,10-12');
    expect(formatFrameRange(range.slice(0, 5))).toBe('1-9:2');
    expect(formatFrameRange(range.slice(3, 5))).toBe('7-9:2');
    expect(formatFrameRange(range.slice(4, 7))).toBe('9-11');
    expect(formatFrameRange(range.slice(2, 2))).toBe('');
  });

  test.each([
    [-1, 'frame -1 is outside the 3 frames of the range'],
    [3, 'frame 3 is outside the 3 frames of the range'],
    [0.5, 'frame 0.5 is outside the 3 frames of the range'],
  ])('frameAt(%d) is a programmer error', (k, message) => {
    expect(() => parse('1-3').frameAt(k)).toThrow(new RangeError(message));
  });

  test('slice past the end is a programmer error', () => {
    expect(() => parse('1-3').slice(2, 4)).toThrow(RangeError);
    expect(() => parse('1-3').slice(2, 1)).toThrow(RangeError);
  });
});

describe('parseFrameRange: errors', () => {
  const forms = 'write frames like 7, 1-100, 1-100:5, 1-100x5 or 1,3,7-10';
  test.each([
    ['empty', '', `frame range is empty; ${forms}`],
    ['only spaces', ' \t', `frame range is empty; ${forms}`],
    [
      'a word',
      'abc',
      `bad frame range "abc": expected a frame number at column 1, found "a"; ${forms}`,
    ],
    [
      'no end',
      '1-',
      `bad frame range "1-": expected a frame number at column 3, found the end; ${forms}`,
    ],
    [
      'no step',
      '1-5:',
      `bad frame range "1-5:": expected a frame number at column 5, found the end; ${forms}`,
    ],
    [
      'a lone sign',
      '-',
      `bad frame range "-": expected a frame number at column 2, found the end; ${forms}`,
    ],
    [
      'a spaced sign',
      '- 5',
      `bad frame range "- 5": expected a frame number at column 2, found " "; ${forms}`,
    ],
    [
      'a plus sign',
      '+5',
      `bad frame range "+5": expected a frame number at column 1, found "+"; ${forms}`,
    ],
    [
      'trailing comma',
      '1-5,',
      `bad frame range "1-5,": expected a frame number at column 5, found the end; ${forms}`,
    ],
    [
      'empty part',
      '1,,2',
      `bad frame range "1,,2": expected a frame number at column 3, found ","; ${forms}`,
    ],
    [
      'leading comma',
      ',1',
      `bad frame range ",1": expected a frame number at column 1, found ","; ${forms}`,
    ],
    ['a semicolon', '1;2', `bad frame range "1;2": unexpected ";" at column 2; ${forms}`],
    [
      'a step without a range',
      '1:2',
      `bad frame range "1:2": unexpected ":" at column 2; ${forms}`,
    ],
    ['two numbers', '1 2', `bad frame range "1 2": unexpected "2" at column 3; ${forms}`],
    ['a capital X', '1-9X2', `bad frame range "1-9X2": unexpected "X" at column 4; ${forms}`],
    ['two steps', '1-9:2:3', `bad frame range "1-9:2:3": unexpected ":" at column 6; ${forms}`],
    ['a decimal', '1.5', `bad frame range "1.5": unexpected "." at column 2; ${forms}`],
    [
      'a newline shown escaped',
      '1\n;',
      `bad frame range "1\\n;": unexpected ";" at column 3; ${forms}`,
    ],
    ['zero step', '1-10:0', 'bad frame range "1-10:0": "1-10:0" has a zero step'],
    ['zero step, render-farm form', '1-10x0', 'bad frame range "1-10x0": "1-10x0" has a zero step'],
    ['negative zero step', '1-10:-0', 'bad frame range "1-10:-0": "1-10:-0" has a zero step'],
    [
      'descending without a step',
      '10-1',
      'bad frame range "10-1": "10-1" counts down, so its step must be negative (10-1:-1)',
    ],
    [
      'descending with a positive step',
      '1,10-1:3',
      'bad frame range "1,10-1:3": "10-1:3" counts down, so its step must be negative (10-1:-3)',
    ],
    [
      'ascending with a negative step',
      '1-10:-2',
      'bad frame range "1-10:-2": "1-10:-2" counts up, so its step must be positive (1-10:2)',
    ],
    [
      'ascending with a negative render-farm step',
      '1-10x-2',
      'bad frame range "1-10x-2": "1-10x-2" counts up, so its step must be positive (1-10:2)',
    ],
    [
      'a frame too large',
      '1-4503599627370496',
      'bad frame range "1-4503599627370496": 4503599627370496 at column 3 is beyond ±4503599627370495',
    ],
    [
      'a frame too small',
      '-99999999999999999999',
      'bad frame range "-99999999999999999999": -99999999999999999999 at column 1 is beyond ±4503599627370495',
    ],
    [
      'a step too large',
      '1-5:4503599627370496',
      'bad frame range "1-5:4503599627370496": 4503599627370496 at column 5 is beyond ±4503599627370495',
    ],
    [
      'the same frame twice',
      '1-10,5',
      'bad frame range "1-10,5": frame 5 is given twice, by "1-10" and "5"',
    ],
    ['the same part twice', '3,3', 'bad frame range "3,3": frame 3 is given twice, by "3" and "3"'],
    [
      'overlapping ranges, named as written',
      '20-30, 1-10 , 8-12x2',
      'bad frame range "20-30, 1-10 , 8-12x2": frame 8 is given twice, by "1-10" and "8-12x2"',
    ],
    [
      'overlapping steps share a later frame',
      '1-100:6,3-100:5',
      'bad frame range "1-100:6,3-100:5": frame 13 is given twice, by "1-100:6" and "3-100:5"',
    ],
    [
      'descending overlap',
      '10-1:-1,3',
      'bad frame range "10-1:-1,3": frame 3 is given twice, by "10-1:-1" and "3"',
    ],
    [
      'interleaved without a shared frame',
      '1-9:2,2-10:2',
      'bad frame range "1-9:2,2-10:2": "2-10:2" starts at frame 2, inside "1-9:2"; OpenJD ranges must not interleave',
    ],
    [
      'a frame between the steps of another part',
      '1-10:3,5',
      'bad frame range "1-10:3,5": "5" starts at frame 5, inside "1-10:3"; OpenJD ranges must not interleave',
    ],
    [
      'a long expression is cut short in the message',
      `${'1,'.repeat(40)}x`,
      `bad frame range "${'1,'.repeat(29)}1…": expected a frame number at column 81, found "x"; ${forms}`,
    ],
  ])('%s: %j', (_name, text, message) => {
    const error = failure(text);
    expect(error.message).toBe(message);
    expect(error.kind).toBe('usage');
    expect(error.where).toBe('--frames');
  });

  test('too many parts', () => {
    const text = Array.from({ length: MAX_RANGE_PARTS + 1 }, (_, i) => String(i * 2)).join(',');
    expect(failure(text).message).toBe('bad frame range: more than 10000 comma-separated parts');
  });

  test('where names the source', () => {
    expect(failure('1-', 'spec.yaml:3').where).toBe('spec.yaml:3');
  });
});

/** Sorted, disjoint segments with small numbers, built from gaps so they never overlap. */
const segmentsArb = fc
  .tuple(
    fc.integer({ min: -60, max: 60 }),
    fc.array(
      fc.record({
        gap: fc.integer({ min: 1, max: 12 }),
        step: fc.integer({ min: 1, max: 5 }),
        frames: fc.integer({ min: 1, max: 8 }),
      }),
      { minLength: 1, maxLength: 6 },
    ),
  )
  .map(([first, shapes]) => {
    let at = first;
    return shapes.map(({ gap, step, frames }): FrameSegment => {
      const start = at;
      const end = start + (frames - 1) * step;
      at = end + gap;
      return { start, end, step: frames === 1 ? 1 : step };
    });
  });

interface Writing {
  readonly form: 'colon' | 'x' | 'descending' | 'plain';
  readonly overshoot: number;
  readonly space: string;
}

/** One way to write a segment: OpenJD's forms, the render-farm step, descending, loose ends. */
const writingArb: fc.Arbitrary<Writing> = fc.record({
  form: fc.constantFrom('colon', 'x', 'descending', 'plain'),
  overshoot: fc.nat(),
  space: fc.constantFrom('', ' ', '\t', '  \n'),
});

const write = ({ start, end, step }: FrameSegment, { form, overshoot, space }: Writing) => {
  const loose = overshoot % step; // Past the last frame, short of the next step: same frames.
  const s = space;
  if (start === end && form === 'plain') return `${s}${start}${s}`;
  if (form === 'descending') return `${end}${s}-${s}${start - loose}${s}:${s}-${step}`;
  if (step === 1 && form === 'plain') return `${start}${s}-${s}${end}`;
  return `${start}${s}-${s}${end + loose}${s}${form === 'x' ? 'x' : ':'}${s}${step}`;
};

/** An expression for the segments, written any valid way and in any order. */
const expressionArb = segmentsArb.chain((segments) =>
  fc
    .tuple(
      fc.array(writingArb, { minLength: segments.length, maxLength: segments.length }),
      fc.shuffledSubarray(
        segments.map((_, i) => i),
        { minLength: segments.length },
      ),
    )
    .map(([writings, order]) => ({
      segments,
      text: order.map((i) => write(segments[i] as FrameSegment, writings[i] as Writing)).join(','),
    })),
);

describe('parseFrameRange: properties', () => {
  test('any valid writing gives exactly the frames, ascending', () => {
    fc.assert(
      fc.property(expressionArb, ({ segments, text }) => {
        expect(framesOf(parse(text))).toEqual(expand(segments));
      }),
    );
  });

  test('parse(format(segments)) gives the same frames', () => {
    fc.assert(
      fc.property(segmentsArb, (segments) => {
        expect(framesOf(parse(formatFrameRange(segments)))).toEqual(expand(segments));
      }),
    );
  });

  test('the normalised form is a fixed point', () => {
    fc.assert(
      fc.property(expressionArb, ({ text }) => {
        const once = parse(text);
        expect(parse(formatFrameRange(once.segments)).segments).toEqual(once.segments);
      }),
    );
  });

  test('every slice holds exactly its frames and writes back to them', () => {
    fc.assert(
      fc.property(expressionArb, fc.nat(), fc.nat(), ({ text }, a, b) => {
        const range = parse(text);
        const [from, to] = [a % (range.count + 1), b % (range.count + 1)].sort((x, y) => x - y) as [
          number,
          number,
        ];
        const slice = range.slice(from, to);
        const frames = framesOf(range).slice(from, to);
        expect(expand(slice)).toEqual(frames);
        if (to > from) expect(parse(formatFrameRange(slice)).segments).toEqual(slice);
      }),
    );
  });

  test('overlapping parts fail, naming the smallest frame they share', () => {
    const part = fc
      .record({
        start: fc.integer({ min: -20, max: 20 }),
        frames: fc.integer({ min: 1, max: 10 }),
        step: fc.integer({ min: 1, max: 6 }),
      })
      .map(({ start, frames, step }) => ({
        start,
        end: start + (frames - 1) * step,
        step: frames === 1 ? 1 : step,
      }));
    fc.assert(
      fc.property(part, part, (a, b) => {
        const [low, high] =
          a.start < b.start || (a.start === b.start && a.end <= b.end) ? [a, b] : [b, a];
        const text = `${formatFrameRange([a])},${formatFrameRange([b])}`;
        if (high.start > low.end) {
          expect(parse(text).count).toBe(segmentLength(a) + segmentLength(b));
          return;
        }
        const shared = expand([low]).filter((frame) => expand([high]).includes(frame));
        const message = failure(text).message;
        if (shared.length > 0) expect(message).toContain(`frame ${shared[0]} is given twice`);
        else expect(message).toContain('must not interleave');
      }),
    );
  });

  test('anything that parses is a set of unique frames, ascending', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[-0-9,:x ]{0,16}$/), (text) => {
        let range: FrameRange;
        try {
          range = parse(text);
        } catch (error) {
          expect(error).toBeInstanceOf(IxjobError);
          return;
        }
        // Checked on the segments: a short text can hold trillions of frames.
        range.segments.forEach(({ start, end, step }, i) => {
          expect(step).toBeGreaterThan(0);
          expect((end - start) % step).toBe(0);
          if (i > 0) expect(start).toBeGreaterThan((range.segments[i - 1] as FrameSegment).end);
        });
        expect(range.count).toBe(range.segments.reduce((sum, s) => sum + segmentLength(s), 0));
      }),
    );
  });
});
