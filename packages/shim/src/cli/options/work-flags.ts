import {
  assertEnvName,
  type DimensionSpec,
  IxjobError,
  type ShardStrategy,
  type WorkSource,
} from '@ixjob/sdk/internal';
import { flagNumber, flagText } from '../flag-values.ts';
import type { ParsedArgv } from '../parse-argv.ts';

/** `NAME=VALUES` or `NAME=@FILE`, the seed's `--per-completion-env`. */
function perCompletionEnv(text: string): DimensionSpec {
  const equals = text.indexOf('=');
  const where = '--per-completion-env';
  if (equals <= 0)
    throw new IxjobError(
      'usage',
      `expected NAME=VALUES or NAME=@FILE, got ${JSON.stringify(text)}`,
      where,
    );
  const name = text.slice(0, equals);
  assertEnvName(name, where);
  const values = text.slice(equals + 1);
  return values.startsWith('@')
    ? { kind: 'values-file', name, file: values.slice(1) }
    : { kind: 'values', name, values };
}

/**
 * The work the flags describe: dimensions in the order given, or `--spec FILE` (read later,
 * and only when needed); undefined when there is none. Combining the two is refused.
 */
export function workFromFlags(parsed: ParsedArgv, cwd: string): WorkSource | undefined {
  const text = (name: string) => flagText(parsed, name);
  const dimensions: DimensionSpec[] = [];
  for (const { name, value } of parsed.ordered) {
    // Each of these flags adds a dimension; the others only qualify one.
    switch (name) {
      case 'per-completion-env':
        dimensions.push(perCompletionEnv(value));
        break;
      case 'csv':
      case 'tsv':
        dimensions.push({ kind: 'csv', file: value, delimiter: name === 'csv' ? ',' : '\t' });
        break;
      case 'json':
        dimensions.push({ kind: 'json', file: value });
        break;
      case 'commands':
        dimensions.push({ kind: 'commands', file: value.replace(/^@/, '') });
        break;
      case 'frames':
        dimensions.push({
          kind: 'frames',
          range: value,
          chunk: flagNumber(parsed, 'chunk', 1) ?? 1,
        });
        break;
      case 'grid': {
        const block = text('block');
        if (block === undefined)
          throw new IxjobError('usage', '--grid needs --block RxC', '--grid');
        dimensions.push({ kind: 'grid', size: value, block });
        break;
      }
      case 'files': {
        const shards = flagNumber(parsed, 'shards', 1);
        if (shards === undefined)
          throw new IxjobError('usage', '--files needs --shards N', '--files');
        const strategy = (text('strategy') ?? 'contiguous') as ShardStrategy;
        dimensions.push({ kind: 'files', pattern: value, shards, strategy });
        break;
      }
    }
  }
  const orphans: [string, string][] = [
    ['chunk', 'frames'],
    ['block', 'grid'],
    ['shards', 'files'],
    ['strategy', 'files'],
  ];
  for (const [flag, needs] of orphans) {
    if (text(flag) !== undefined && text(needs) === undefined) {
      throw new IxjobError('usage', `--${flag} goes with --${needs}`, `--${flag}`);
    }
  }
  const specFile = text('spec');
  if (specFile !== undefined && dimensions.length > 0) {
    throw new IxjobError(
      'usage',
      'give the work spec either as flags or as --spec FILE, not both',
      '--spec',
    );
  }
  // Kept as written: messages name the file as the user did; it is read relative to the cwd.
  if (specFile !== undefined) return { file: specFile };
  if (dimensions.length === 0) return undefined;
  return {
    spec: {
      combine: (text('combine') ?? 'zip') as 'zip' | 'product',
      dimensions,
      rename: {},
      base: cwd,
    },
  };
}
