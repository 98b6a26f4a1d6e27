import { IxjobError } from '../failure/ixjob-error.ts';
import { failsEveryIndex } from '../job/every-index.ts';
import type { Dimension, Params } from './dimension.ts';

/**
 * The number of items of a product, refused past 2^53 − 1: beyond it a double cannot count
 * them exactly, so two indexes would get one record and some records none.
 */
export function productLength(sizes: readonly number[], dimensions: readonly Dimension[]): number {
  if (sizes.includes(0)) return 0;
  let product = 1;
  for (const size of sizes) product *= size;
  if (!Number.isSafeInteger(product)) {
    const labels = dimensions.map((dimension) => dimension.label).join(', ');
    throw new IxjobError(
      'data',
      `the product ${sizes.join(' × ')} has more than 2^53 − 1 items, more than an index can count exactly`,
      labels,
    );
  }
  return product;
}

/**
 * A rename must name a variable the records set: one that none sets is a typo, and ignoring
 * it would export the parameter under its old name while the command looks for the new one.
 */
export function checkRenames(
  rename: Readonly<Record<string, string>>,
  records: readonly Params[],
  where: string,
): void {
  for (const name of Object.keys(rename)) {
    if (records.some((record) => Object.hasOwn(record, name))) continue;
    const set = [...new Set(records.flatMap((record) => Object.keys(record)))];
    throw failsEveryIndex(
      new IxjobError(
        'data',
        `rename names ${name}, which no dimension sets (they set ${set.join(', ') || 'nothing'})`,
        where,
      ),
    );
  }
}
