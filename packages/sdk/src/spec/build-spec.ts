import { isAbsolute, resolve } from 'node:path';
import { commandLines } from '../dims/command-lines.ts';
import { csvTable } from '../dims/csv-table.ts';
import { fileShards } from '../dims/file-shards.ts';
import { frameChunks } from '../dims/frame-chunks.ts';
import { gridBlocks } from '../dims/grid-blocks.ts';
import { jsonFormat, jsonItems } from '../dims/json-items.ts';
import { fileValues, inlineValues } from '../dims/value-list.ts';
import { fileItems } from '../scan/file-items.ts';
import type { Dimension } from './dimension.ts';
import type { DimensionSpec, SpecDefinition } from './spec-definition.ts';
import type { WorkSpec } from './work-spec.ts';

export interface BuildContext {
  /** Receives warnings (a stale sidecar, an empty shard); the CLI prints them on stderr. */
  warn: (message: string) => void;
  /** Where a `relativeTo: workdir` glob matches: the command's working directory. */
  workdir: string;
}

function dimension(spec: DimensionSpec, base: string, context: BuildContext): Dimension {
  const path = (file: string) => (isAbsolute(file) ? file : resolve(base, file));
  switch (spec.kind) {
    case 'values':
      return inlineValues(spec.name, spec.values);
    case 'values-file':
      return fileValues(
        spec.name,
        fileItems(path(spec.file), 'lines', context.warn, spec.file),
        context.warn,
      );
    case 'csv':
      return csvTable(
        fileItems(path(spec.file), spec.delimiter === ',' ? 'csv' : 'tsv', context.warn, spec.file),
        spec.delimiter,
      );
    case 'json':
      return jsonItems(
        fileItems(path(spec.file), jsonFormat(path(spec.file)), context.warn, spec.file),
      );
    case 'frames':
      return frameChunks(spec.range, spec.chunk);
    case 'grid':
      return gridBlocks(spec.size, spec.block);
    case 'files':
      return fileShards({
        pattern: spec.pattern,
        shards: spec.shards,
        strategy: spec.strategy,
        cwd: spec.relativeTo === 'workdir' ? context.workdir : base,
        warn: context.warn,
      });
    case 'commands':
      return commandLines(fileItems(path(spec.file), 'lines', context.warn, spec.file));
  }
}

/** Turns a spec's plain data into dimensions ready to resolve; files open lazily. */
export function buildSpec(definition: SpecDefinition, context: BuildContext): WorkSpec {
  const dimensions = definition.dimensions.map((spec) => dimension(spec, definition.base, context));
  const [only] = dimensions;
  return {
    combine: definition.combine,
    dimensions,
    rename: definition.rename,
    completions: definition.completions,
    label: definition.source ?? (dimensions.length === 1 && only ? only.label : 'the work spec'),
  };
}
