import type { ShardStrategy } from '../dims/file-shards.ts';
import type { Combine } from './work-spec.ts';

/**
 * One dimension as plain data: what flags and spec files both turn into, before any file is
 * opened. Paths are as the user wrote them, relative to the spec's base directory.
 */
export type DimensionSpec =
  | { kind: 'values'; name: string; values: string | readonly string[] }
  | { kind: 'values-file'; name: string; file: string }
  | { kind: 'csv'; file: string; delimiter: ',' | '\t' }
  | { kind: 'json'; file: string }
  | { kind: 'frames'; range: string; chunk: number }
  | { kind: 'grid'; size: string; block: string }
  | {
      kind: 'files';
      pattern: string;
      shards: number;
      strategy: ShardStrategy;
      /** A relative glob matched in the working directory rather than the spec's base. */
      relativeTo?: 'spec' | 'workdir' | undefined;
    }
  | { kind: 'commands'; file: string };

/** A whole work spec as plain data. */
export interface SpecDefinition {
  combine: Combine;
  dimensions: readonly DimensionSpec[];
  rename: Readonly<Record<string, string>>;
  completions?: number | undefined;
  /** Where relative paths start: the working directory for flags, the spec file's directory for a file. */
  base: string;
  /** The spec file, when there is one: it names the spec in messages. */
  source?: string | undefined;
}
