import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { commandsOrSkip, EXAMPLES_DIR, runExample } from '../support/examples.ts';

const DIR = join(EXAMPLES_DIR, 'render-farm');
const STATE = join(DIR, '.ixjob', 'render-farm');
const CHECKPOINTS = join(DIR, 'out', 'checkpoints', 'render-farm');
const frameFile = (frame: number) =>
  join(CHECKPOINTS, 'frames', `frame_${String(frame).padStart(4, '0')}.png`);
const chunkOf = (index: number) => Array.from({ length: 6 }, (_, k) => 6 * index + k + 1);

/** The frames Blender says it wrote (`Saved: '…/frame_0007.png'`), in order. */
const saved = (log: string) =>
  [...log.matchAll(/^Saved: '.*\/frame_(\d+)\.png'/gm)].map((match) => Number(match[1]));

/** ffprobe's view of a picture or animation: width, height and the frames it decodes. */
const probe = (file: string) => {
  const [width, height, frames] = spawnSync(
    'ffprobe',
    [
      ...['-v', 'error', '-count_frames', '-select_streams', 'v:0'],
      ...['-show_entries', 'stream=width,height,nb_read_frames', '-of', 'csv=p=0', file],
    ],
    { encoding: 'utf8' },
  )
    .stdout.trim()
    .split(',')
    .map(Number);
  return { width, height, frames };
};

/** A frame's decoded pixels: Cycles renders a frame again to the same picture. */
const pixels = (file: string) =>
  spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'])
    .stdout;

const checkOutputs = (stdout: string) => {
  expect(stdout).toContain(`animation:     ${join(DIR, 'out', 'render-farm.gif')}\n`);
  expect(stdout).toContain(`contact sheet: ${join(DIR, 'out', 'contact-sheet.png')}\n`);
  expect(probe(join(DIR, 'out', 'render-farm.gif'))).toEqual({ width: 96, height: 64, frames: 24 });
  // Six frames across, four down.
  expect(probe(join(DIR, 'out', 'contact-sheet.png'))).toEqual({
    width: 576,
    height: 256,
    frames: 1,
  });
};

describe.runIf(commandsOrSkip('render-farm', ['blender', 'ffmpeg', 'ffprobe']))(
  'render-farm: Blender renders chunks of frames, ffmpeg joins them',
  () => {
    test('each index renders exactly its chunk; run again, a chunk renders only its missing or damaged frames', async () => {
      rmSync(STATE, { recursive: true, force: true });
      rmSync(join(DIR, 'out'), { recursive: true, force: true });
      const first = runExample('render-farm');
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).toMatch(/^Completed Indexes: +0-3$/m);
      const logs = () =>
        [0, 1, 2, 3].map((index) => readFileSync(join(STATE, 'logs', `${index}.0.log`), 'utf8'));
      expect(logs().map(saved)).toEqual([0, 1, 2, 3].map(chunkOf));
      checkOutputs(first.stdout);

      // A frame cut short (as a killed write leaves it) and a frame gone, in chunks 1 and 3.
      const [eight, twenty] = [pixels(frameFile(8)), pixels(frameFile(20))];
      truncateSync(frameFile(8), statSync(frameFile(8)).size >> 1);
      rmSync(frameFile(20));
      const untouched = chunkOf(0)
        .concat(chunkOf(1), chunkOf(2), chunkOf(3))
        .filter((frame) => frame !== 8 && frame !== 20);
      const mtimes = untouched.map((frame) => statSync(frameFile(frame)).mtimeMs);

      // run.sh again, as a Job applied again on its volume: each chunk renders what is missing.
      const again = runExample('render-farm');
      expect(again.status, again.stderr).toBe(0);
      expect(logs().map(saved)).toEqual([[], [8], [], [20]]);
      expect(logs()[0]).toBe('index 0: frames 1-6 are all rendered\n');
      expect(logs()[1]).toMatch(/^index 1: rendering frames 8 of 7-12\n/);
      expect(untouched.map((frame) => statSync(frameFile(frame)).mtimeMs)).toEqual(mtimes);
      expect(pixels(frameFile(8)).equals(eight)).toBe(true);
      expect(pixels(frameFile(20)).equals(twenty)).toBe(true);
      checkOutputs(again.stdout);
    });
  },
);
