import { type IndexInfo, IxjobError } from '@ixjob/sdk/internal';
import { shellQuote } from './shell-quote.ts';

export type OutputFormat = 'json' | 'env' | 'sh';

/** Prints what exec would export, without running anything. */
export function renderResolution(
  format: OutputFormat,
  info: IndexInfo,
  env: Readonly<Record<string, string>>,
): string {
  const entries = Object.entries(env);
  switch (format) {
    case 'json':
      return `${JSON.stringify({ index: info.index, count: info.count, source: info.source, attempt: info.attempt, env }, null, 2)}\n`;
    case 'env':
      return entries
        .map(([name, value]) => {
          // NAME=value lines have no way to carry a newline; refuse rather than split a value.
          if (value.includes('\n')) {
            throw new IxjobError(
              'data',
              `the value of ${name} holds a newline, which -o env cannot carry: use -o sh or -o json`,
              name,
            );
          }
          return `${name}=${value}\n`;
        })
        .join('');
    case 'sh':
      return entries.map(([name, value]) => `export ${name}=${shellQuote(value)}\n`).join('');
  }
}
