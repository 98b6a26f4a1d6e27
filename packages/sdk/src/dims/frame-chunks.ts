import { IxjobError } from '../failure/ixjob-error.ts';
import type { Dimension, Params } from '../spec/dimension.ts';
import { outsideItems } from '../spec/outside.ts';
import { blenderFrameList, frameStep } from './frame-chunk-values.ts';
import { formatFrameRange, parseFrameRange } from './frame-range.ts';

/** The variables every frame chunk sets, in this order. */
export const FRAME_CHUNK_NAMES = [
  'START_FRAME',
  'END_FRAME',
  'FRAME_COUNT',
  'FRAMES',
  'FRAME_STEP',
  'FRAME_LIST',
] as const;

/**
 * `--frames RANGE --chunk N`: the frames of RANGE (ascending, as OpenJD orders them) cut into
 * runs of N, one per index; chunk c is frames [c·N, min((c+1)·N, total)) and the last may be
 * shorter (work lists 4 and 5 of the seed). Each record sets `START_FRAME` and `END_FRAME`
 * (first and last frame), `FRAME_COUNT`, `FRAMES`, the chunk as a compact range expression
 * (`1-100`, `1-9:2`, `1,3,7-10`), `FRAME_STEP` (empty unless the frames are evenly spaced) and
 * `FRAME_LIST`, the chunk as Blender's `-f` reads it (`1,3,7..10`). Bad input throws
 * `IxjobError('usage')` naming `where` for the range and `chunkWhere` for the chunk size.
 */
export function frameChunks(
  range: string,
  chunk = 1,
  where = '--frames',
  chunkWhere = '--chunk',
): Dimension {
  const frames = parseFrameRange(range, where);
  if (!Number.isSafeInteger(chunk) || chunk < 1) {
    throw new IxjobError(
      'usage',
      `the chunk size must be a whole number of frames, 1 or more; got ${chunk}`,
      chunkWhere,
    );
  }
  const count = Math.ceil(frames.count / chunk);
  // Normalised, so `1-10:4` and `1-9:4` (the same frames) are the same work.
  const digest = `frames:${formatFrameRange(frames.segments)}:${chunk}`;

  return {
    label: where,
    names: FRAME_CHUNK_NAMES,
    length: async () => count,
    async record(index: number): Promise<Params> {
      if (!Number.isSafeInteger(index) || index < 0 || index >= count) {
        throw outsideItems(index, count, where);
      }
      const first = index * chunk;
      const end = Math.min(first + chunk, frames.count);
      const segments = frames.slice(first, end);
      return {
        START_FRAME: String(frames.frameAt(first)),
        END_FRAME: String(frames.frameAt(end - 1)),
        FRAME_COUNT: String(end - first),
        FRAMES: formatFrameRange(segments),
        FRAME_STEP: frameStep(segments),
        FRAME_LIST: blenderFrameList(segments, index, where),
      };
    },
    digest: async () => digest,
  };
}
