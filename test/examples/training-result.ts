/** What examples/training's index 0 prints, as numbers: the weights, the bias, the last loss. */
export function trainedResult(log: string): number[] {
  const weights = /^(?:\[0\] {2})?weights \[([^\]]+)\] bias (\S+)$/m.exec(log);
  const loss = /^(?:\[0\] {2})?loss (\S+) after 200 steps on 48 samples in /m.exec(log);
  if (!weights || !loss) throw new Error(`no training result in:\n${log}`);
  return [...(weights[1] ?? '').split(', '), weights[2], loss[1]].map(Number);
}

/**
 * Whether two runs ended at the same numbers: summing the gradients shard by shard only
 * reorders float64 additions, so they differ in the last bits at most.
 */
export function sameResult(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((value, i) => Math.abs(value - (b[i] ?? NaN)) < 1e-12);
}
