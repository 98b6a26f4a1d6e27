import { basename, isAbsolute, resolve } from 'node:path';
import type { DimensionSpec, SpecDefinition } from '@ixjob/sdk/internal';

/** The spec's own key in the work ConfigMap. */
export const SPEC_KEY = 'spec.json';

/** A spec file the pod reads, and the files it names, each under its ConfigMap key. */
export interface PodSpec {
  /** The spec file's content: JSON, which the shim's spec reader takes as YAML does. */
  text: string;
  /** ConfigMap key → the file's path on this machine. */
  files: Map<string, string>;
}

/** A ConfigMap key: letters, digits, `-`, `_` and `.` only. */
const keyOf = (name: string) => name.replace(/[^-._a-zA-Z0-9]/g, '_').replace(/^\.+/, '_');

/**
 * Rewrites a work spec for a pod: every file it names becomes a key beside the spec (one
 * flat folder, as a ConfigMap volume is), so the pod reads the same bytes this machine has.
 * With `dataDir` the files are read there instead (a volume of the user's, for work too big
 * for a ConfigMap). A `--files` glob names files in the pod: a relative one is matched in the
 * container's working directory, as `ixjob run` matches it in its own.
 */
export function specForPod(spec: SpecDefinition, dataDir?: string): PodSpec {
  const files = new Map<string, string>();
  const byPath = new Map<string, string>();
  const key = (file: string): string => {
    const path = resolve(spec.base, file);
    const known = byPath.get(path);
    if (known !== undefined) return known;
    let candidate = keyOf(basename(path));
    for (let n = 2; files.has(candidate) || candidate === SPEC_KEY; n++)
      candidate = `${n}-${keyOf(basename(path))}`;
    files.set(candidate, path);
    byPath.set(path, candidate);
    return dataDir === undefined ? candidate : `${dataDir}/${candidate}`;
  };
  const dimension = (d: DimensionSpec): Record<string, unknown> => {
    switch (d.kind) {
      case 'values':
        return { values: { [d.name]: d.values } };
      case 'values-file':
        return { values: { [d.name]: `@${key(d.file)}` } };
      case 'csv':
        return d.delimiter === ',' ? { csv: key(d.file) } : { tsv: key(d.file) };
      case 'json':
        return { json: key(d.file) };
      case 'commands':
        return { commands: key(d.file) };
      case 'frames':
        return { frames: { range: d.range, chunk: d.chunk } };
      case 'grid':
        return { grid: { size: d.size, block: d.block } };
      case 'files':
        return {
          files: {
            glob: d.pattern,
            shards: d.shards,
            strategy: d.strategy,
            ...(isAbsolute(d.pattern) ? {} : { relativeTo: 'workdir' }),
          },
        };
    }
  };
  const text = JSON.stringify(
    {
      combine: spec.combine,
      ...(spec.completions === undefined ? {} : { completions: spec.completions }),
      dimensions: spec.dimensions.map(dimension),
      ...(Object.keys(spec.rename).length === 0 ? {} : { rename: spec.rename }),
    },
    null,
    2,
  );
  return { text: `${text}\n`, files };
}
