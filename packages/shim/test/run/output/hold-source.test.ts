import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { holdSource } from '../../../src/run/output/hold-source.ts';

describe('holdSource', () => {
  test.each<[string, string, boolean]>([
    ['one hold pauses', 'h', true],
    ['its release resumes', 'h r0', false],
    ['a second holder keeps it paused', 'h h r0', true],
    ['the last release resumes', 'h h r0 r1', false],
    ['releasing twice counts once', 'h h r0 r0', true],
    ['a new hold after all let go pauses again', 'h r0 h', true],
  ])('%s', (_name, steps, paused) => {
    const source = new PassThrough();
    source.on('data', () => {});
    const releases: (() => void)[] = [];
    for (const step of steps.split(' ')) {
      if (step === 'h') releases.push(holdSource(source));
      else releases[Number(step.slice(1))]?.();
    }
    expect(source.isPaused()).toBe(paused);
  });
});
