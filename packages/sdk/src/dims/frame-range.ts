import { IxjobError } from '../failure/ixjob-error.ts';
import { quoteInput } from '../failure/quote-input.ts';

/**
 * Frame range expressions in Open Job Description's syntax: `7`, `1-100`, `1-100:5`, `10-1:-1`,
 * `1,3,7-10`, negative frames (`-5--1`), whitespace around any token; plus the render-farm step
 * `1-100x5`, the same as `1-100:5`. As in OpenJD the result is a *set*: parts are sorted
 * ascending, a descending part is turned around, a step that misses the end stops at the last
 * frame it reaches (`1-10:4` is 1, 5, 9), and parts that overlap are an error.
 */

/** Frames `start, start+step, …, end`: `start ≤ end`, `end` on the step, step 1 for a single frame. */
export interface FrameSegment {
  readonly start: number;
  readonly end: number;
  readonly step: number;
}

/** A parsed range: sorted, disjoint segments, never the frames themselves. */
export interface FrameRange {
  /** Canonical: ascending, disjoint, neighbours that continue one another merged. */
  readonly segments: readonly FrameSegment[];
  /** How many frames there are. */
  readonly count: number;
  /** Frame k of the ascending list, 0-based; O(log segments). */
  frameAt(k: number): number;
  /** Frames [from, to) of the list as canonical segments; O(log segments + segments returned). */
  slice(from: number, to: number): readonly FrameSegment[];
}

/**
 * The largest frame magnitude: keeps every span, count and offset exact in a double (openjd-rs
 * bounds at 2^62 for i64). No cap on the frame count, unlike OpenJD's 1024 task values: long
 * ranges are what chunking is for.
 */
export const MAX_FRAME = 2 ** 52 - 1;

/** openjd-rs caps comma-separated parts at 10,000 so one flag cannot demand unbounded memory. */
export const MAX_RANGE_PARTS = 10_000;

const FORMS = 'write frames like 7, 1-100, 1-100:5, 1-100x5 or 1,3,7-10';

/** One comma-separated part as written, already normalised to a segment. */
interface Part extends FrameSegment {
  readonly source: string;
}

/** Parses `text`; a bad expression throws `IxjobError('usage', …, where)`. */
export function parseFrameRange(text: string, where: string): FrameRange {
  const parts = scanParts(text, where).toSorted((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < parts.length; i++) {
    const before = parts[i - 1] as Part;
    const part = parts[i] as Part;
    if (part.start <= before.end) {
      throw new IxjobError('usage', overlapMessage(text, before, part), where);
    }
  }
  return frameRangeOf(merge(parts));
}

/** Writes segments back as an expression: `a`, `a-b` (step 1) or `a-b:s`, joined by commas. */
export function formatFrameRange(segments: readonly FrameSegment[]): string {
  return segments.map(formatSegment).join(',');
}

/** How many frames a segment holds. */
export function segmentLength(segment: FrameSegment): number {
  return (segment.end - segment.start) / segment.step + 1;
}

function formatSegment({ start, end, step }: FrameSegment): string {
  // Two frames print `1-2`, not OpenJD's `1,2`: one part per segment, parsed the same either way.
  if (start === end) return String(start);
  return step === 1 ? `${start}-${end}` : `${start}-${end}:${step}`;
}

function scanParts(text: string, where: string): Part[] {
  let pos = 0;
  const syntax = (reason: string) =>
    new IxjobError('usage', `bad frame range ${quoteInput(text)}: ${reason}; ${FORMS}`, where);
  const invalid = (reason: string) =>
    new IxjobError('usage', `bad frame range ${quoteInput(text)}: ${reason}`, where);
  // What the scan stopped at, as a message shows it.
  const here = () =>
    pos < text.length
      ? JSON.stringify(String.fromCodePoint(text.codePointAt(pos) ?? 0))
      : 'the end';
  const skipSpace = () => {
    while (pos < text.length && isSpace(text.charCodeAt(pos))) pos++;
  };
  const number = (): number => {
    const from = pos;
    // The sign must touch its digits, as in openjd-rs (OpenJD's Python lexer also allows `- 5`).
    if (text[pos] === '-') pos++;
    const digits = pos;
    while (pos < text.length && isDigit(text.charCodeAt(pos))) pos++;
    if (pos === digits) {
      throw syntax(`expected a frame number at column ${pos + 1}, found ${here()}`);
    }
    const magnitude = Number(text.slice(digits, pos));
    if (magnitude > MAX_FRAME) {
      throw invalid(`${text.slice(from, pos)} at column ${from + 1} is beyond ±${MAX_FRAME}`);
    }
    // `0 - m`, not `-m`: `-0` would print as 0 yet differ from it under `Object.is`.
    return digits > from ? 0 - magnitude : magnitude;
  };

  skipSpace();
  if (pos === text.length) throw new IxjobError('usage', `frame range is empty; ${FORMS}`, where);
  const parts: Part[] = [];
  for (;;) {
    if (parts.length === MAX_RANGE_PARTS) {
      throw new IxjobError(
        'usage',
        `bad frame range: more than ${MAX_RANGE_PARTS} comma-separated parts`,
        where,
      );
    }
    skipSpace();
    const from = pos;
    const start = number();
    let end = start;
    let step: number | undefined;
    skipSpace();
    if (text[pos] === '-') {
      pos++;
      skipSpace();
      end = number();
      skipSpace();
      // Lowercase `x` only, as Deadline and Nuke write the step.
      if (text[pos] === ':' || text[pos] === 'x') {
        pos++;
        skipSpace();
        step = number();
        skipSpace();
      }
    }
    const source = text.slice(from, pos).trim();
    parts.push(partOf(start, end, step, source, invalid));
    if (pos === text.length) return parts;
    if (text[pos] !== ',') throw syntax(`unexpected ${here()} at column ${pos + 1}`);
    pos++;
  }
}

/** OpenJD's rules for one part: no zero step, the step's sign matches the direction. */
function partOf(
  start: number,
  end: number,
  step: number | undefined,
  source: string,
  invalid: (reason: string) => IxjobError,
): Part {
  const by = step ?? 1;
  if (by === 0) throw invalid(`${quoteInput(source)} has a zero step`);
  if (start > end && by > 0) {
    throw invalid(
      `${quoteInput(source)} counts down, so its step must be negative (${start}-${end}:${-by})`,
    );
  }
  if (start < end && by < 0) {
    throw invalid(
      `${quoteInput(source)} counts up, so its step must be positive (${start}-${end}:${-by})`,
    );
  }
  const stride = Math.abs(by);
  const last = Math.floor(Math.abs(end - start) / stride) * stride;
  // A descending part becomes the same frames ascending: 10-1:-3 is 1, 4, 7, 10.
  const low = by > 0 ? start : start - last;
  return { start: low, end: low + last, step: last === 0 ? 1 : stride, source };
}

/** Joins a segment to the one before when it continues it with the same step, as OpenJD does. */
function merge(segments: readonly FrameSegment[]): FrameSegment[] {
  const out: FrameSegment[] = [];
  for (const { start, end, step } of segments) {
    const last = out.at(-1);
    if (last !== undefined && last.step === step && last.end + step === start) {
      out[out.length - 1] = { start: last.start, end, step };
    } else {
      out.push({ start, end, step });
    }
  }
  return out;
}

function frameRangeOf(segments: readonly FrameSegment[]): FrameRange {
  // upTo[i]: frames in segments 0..i, for the binary search.
  const upTo: number[] = [];
  let count = 0;
  for (const segment of segments) {
    count += segmentLength(segment);
    upTo.push(count);
  }
  const segmentOf = (k: number): number => {
    let low = 0;
    let high = upTo.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((upTo[middle] as number) > k) high = middle;
      else low = middle + 1;
    }
    return low;
  };
  const before = (i: number) => (i === 0 ? 0 : (upTo[i - 1] as number));

  return {
    segments,
    count,
    frameAt(k) {
      if (!Number.isSafeInteger(k) || k < 0 || k >= count) {
        throw new RangeError(`frame ${k} is outside the ${count} frames of the range`);
      }
      const i = segmentOf(k);
      const { start, step } = segments[i] as FrameSegment;
      return start + (k - before(i)) * step;
    },
    slice(from, to) {
      if (
        !Number.isSafeInteger(from) ||
        !Number.isSafeInteger(to) ||
        from < 0 ||
        from > to ||
        to > count
      ) {
        throw new RangeError(
          `frames [${from}, ${to}) are not a slice of the ${count} frames of the range`,
        );
      }
      const out: FrameSegment[] = [];
      for (let k = from, i = from < to ? segmentOf(from) : 0; k < to; i++) {
        const { start, step } = segments[i] as FrameSegment;
        const taken = Math.min(to, upTo[i] as number) - k;
        const first = start + (k - before(i)) * step;
        out.push({ start: first, end: first + (taken - 1) * step, step: taken === 1 ? 1 : step });
        k += taken;
      }
      // A cut can leave single frames that now continue their neighbour: 9 then 10-12 is 9-12.
      return merge(out);
    },
  };
}

function overlapMessage(text: string, before: Part, part: Part): string {
  const shared = firstSharedFrame(before, part);
  const prefix = `bad frame range ${quoteInput(text)}: `;
  const [first, second] = [quoteInput(before.source), quoteInput(part.source)];
  if (shared !== undefined) {
    return `${prefix}frame ${shared} is given twice, by ${first} and ${second}`;
  }
  // OpenJD rejects overlapping spans even without a shared frame (`1-9:2,2-10:2`).
  return `${prefix}${second} starts at frame ${part.start}, inside ${first}; OpenJD ranges must not interleave`;
}

/**
 * The smallest frame in both segments, given `b.start` lies within `a`'s span; by the Chinese
 * remainder theorem, in BigInt because the products pass 2^53.
 */
function firstSharedFrame(a: FrameSegment, b: FrameSegment): number | undefined {
  const s = BigInt(a.step);
  const t = BigInt(b.step);
  // Frames of b are b.start + j·t; find the least j ≥ 0 with b.start + j·t ≡ a.start (mod s).
  const gap = modulo(BigInt(a.start - b.start), s);
  const g = gcd(t, s);
  if (gap % g !== 0n) return undefined;
  const m = s / g;
  const j = modulo((gap / g) * inverse(t / g, m), m);
  const frame = BigInt(b.start) + j * t;
  return frame <= BigInt(Math.min(a.end, b.end)) ? Number(frame) : undefined;
}

function modulo(a: bigint, m: bigint): bigint {
  return ((a % m) + m) % m;
}

function gcd(a: bigint, b: bigint): bigint {
  return b === 0n ? a : gcd(b, a % b);
}

/** x with a·x ≡ 1 (mod m), for coprime a and m (extended Euclid). */
function inverse(a: bigint, m: bigint): bigint {
  let [r0, r1] = [modulo(a, m), m];
  let [x0, x1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [x0, x1] = [x1, x0 - q * x1];
  }
  return modulo(x0, m);
}

/** ASCII whitespace, which OpenJD allows around every token. */
function isSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}
