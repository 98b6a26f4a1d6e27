import { isCommandVariable } from '../env/command-variables.ts';
import { IxjobError } from '../failure/ixjob-error.ts';
import type { WorkSpec } from '../spec/work-spec.ts';
import { failsEveryIndex } from './every-index.ts';

/** Which dimension sets `key` for `index`: asked only on the way to an error. */
async function setBy(spec: WorkSpec, index: number, key: string): Promise<string> {
  const named = spec.dimensions.find((dimension) => dimension.names.includes(key));
  if (named) return named.label;
  // Tables (CSV, JSON) learn their names from their content: look at this index's records.
  const sizes = await Promise.all(spec.dimensions.map((dimension) => dimension.length()));
  let rest = index;
  const positions = sizes.map(() => index);
  if (spec.combine === 'product') {
    for (let d = sizes.length - 1; d >= 0; d--) {
      positions[d] = rest % (sizes[d] ?? 1);
      rest = Math.floor(rest / (sizes[d] ?? 1));
    }
  }
  for (const [d, dimension] of spec.dimensions.entries()) {
    if (dimension.names.length > 0) continue;
    if (Object.hasOwn(await dimension.record(positions[d] ?? 0), key)) return dimension.label;
  }
  return spec.label;
}

/**
 * Refuses a parameter that would choose the command's code (PATH, LD_PRELOAD, NODE_OPTIONS, …:
 * env/command-variables.ts) unless `--allow-param` names it: a work list is data.
 */
export async function checkCommandParams(
  params: Readonly<Record<string, string>>,
  allowed: readonly string[] | undefined,
  spec: WorkSpec,
  index: number,
): Promise<void> {
  for (const name of Object.keys(params)) {
    if (!isCommandVariable(name) || allowed?.includes(name)) continue;
    const key = Object.entries(spec.rename).find(([, to]) => to === name)?.[0] ?? name;
    const where = await setBy(spec, index, key);
    throw failsEveryIndex(
      new IxjobError(
        'data',
        `the parameter ${name} would choose which program runs or what it loads, so a work list may not set it; if that is meant, pass --allow-param ${name}`,
        key === name ? where : `${where}: ${key}`,
      ),
    );
  }
}
