import { describe, expect, test } from 'vitest';
import {
  backoffDelay,
  KUBERNETES_POD_FAILURE_BACKOFF,
} from '../../../src/run/policy/pod-failure-backoff.ts';

describe('backoffDelay: getRemainingTimeForFailuresCount', () => {
  test.each([
    [0, 0],
    [1, 10_000],
    [2, 20_000],
    [3, 40_000],
    [6, 320_000],
    [7, 600_000],
    [50, 600_000],
  ])('after %i failures, %i ms', (failures, delay) => {
    expect(backoffDelay(KUBERNETES_POD_FAILURE_BACKOFF, failures)).toBe(delay);
  });
});
