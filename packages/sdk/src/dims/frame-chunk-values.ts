import { MAX_ARG_STRLEN } from '../env/arg-limits.ts';
import { IxjobError } from '../failure/ixjob-error.ts';
import { type FrameSegment, segmentLength } from './frame-range.ts';

/** The longest FRAME_LIST: the kernel's per-string limit, less `FRAME_LIST=` and the NUL. */
export const MAX_FRAME_LIST_BYTES = MAX_ARG_STRLEN - 'FRAME_LIST='.length - 1;

/**
 * FRAME_STEP: the distance between a chunk's frames when they are evenly spaced, `1` for a
 * single frame (so `-s START -e END -j STEP` renders exactly the chunk), '' when they are not.
 * `segments` are a chunk's canonical segments, ascending and disjoint.
 */
export function frameStep(segments: readonly FrameSegment[]): string {
  const first = segments[0];
  if (first === undefined) return '';
  const second = segments[1];
  // One segment is evenly spaced by construction; its step is 1 when it is a single frame.
  if (second === undefined) return String(first.step);
  // Segments stay apart when their steps differ, so `1,3-9:2` is two segments yet one step.
  const step = segmentLength(first) > 1 ? first.step : second.start - first.end;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as FrameSegment;
    if (segmentLength(segment) > 1 && segment.step !== step) return '';
    const next = segments[i + 1];
    if (next !== undefined && next.start - segment.end !== step) return '';
  }
  return String(step);
}

/**
 * FRAME_LIST: a chunk's frames as Blender's `-f` reads them, comma-separated, runs of three or
 * more consecutive frames written `a..b` (`1,3,7..10`); Blender has no step, so a stepped run
 * lists every frame. '' when a frame is negative: Blender reads `-f -5` as five frames before
 * the scene's end. A list over MAX_FRAME_LIST_BYTES throws `IxjobError('usage')`, naming
 * `index`, before more than that is built.
 */
export function blenderFrameList(
  segments: readonly FrameSegment[],
  index: number,
  where: string,
): string {
  if (segments.some((segment) => segment.start < 0)) return '';
  const parts: string[] = [];
  let bytes = -1; // no comma before the first part
  const add = (part: string) => {
    bytes += part.length + 1;
    if (bytes > MAX_FRAME_LIST_BYTES) throw tooLong(index, where);
    parts.push(part);
  };
  // The run of consecutive frames being gathered; runs continue across segments (`3-5:2,6-7`).
  let run: { first: number; last: number } | undefined;
  const flush = () => {
    if (run === undefined) return;
    const { first, last } = run;
    if (last - first >= 2) add(`${first}..${last}`);
    else for (let frame = first; frame <= last; frame++) add(String(frame));
  };
  const extend = (first: number, last: number) => {
    if (run !== undefined && run.last + 1 === first) {
      run.last = last;
      return;
    }
    flush();
    run = { first, last };
  };
  for (const { start, end, step } of segments) {
    if (step === 1) extend(start, end);
    else for (let frame = start; frame <= end; frame += step) extend(frame, frame);
  }
  flush();
  return parts.join(',');
}

function tooLong(index: number, where: string): IxjobError {
  return new IxjobError(
    'usage',
    `index ${index}'s frames, as Blender's -f list (FRAME_LIST), are over the ${MAX_FRAME_LIST_BYTES} bytes one variable can hold (Linux's 128 KiB); use a smaller chunk`,
    where,
  );
}
