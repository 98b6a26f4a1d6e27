import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { IxjobError } from '../failure/ixjob-error.ts';
import type { DimensionSpec, SpecDefinition } from './spec-definition.ts';

/** Parses and validates a spec file (YAML, or JSON, which YAML reads too) into plain data. */
export async function readSpecFile(file: string, cwd: string): Promise<SpecDefinition> {
  // zod and yaml load only here: they would double the shim's start-up on the common path.
  const [{ LineCounter, parseDocument, isMap, isSeq }, { specFileSchema }] = await Promise.all([
    import('yaml'),
    import('./spec-file-schema.ts'),
  ]);
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new IxjobError(
      'noinput',
      `${file}: ${code === 'ENOENT' ? 'no such file' : `cannot read it (${code})`}`,
      file,
    );
  }
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const at = (offset: number) => `${file}:${lines.linePos(offset).line}`;
  const [syntax] = document.errors;
  if (syntax)
    throw new IxjobError(
      'data',
      `malformed spec file: ${syntax.message.split('\n')[0]}`,
      at(syntax.pos[0]),
    );
  const parsed = specFileSchema.safeParse(document.toJS());
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    // Point at the YAML node the issue is about, or the nearest one that exists.
    let node: unknown = document.contents;
    for (const key of issue?.path ?? []) {
      const next = isMap(node) || isSeq(node) ? node.get(key, true) : undefined;
      if (next === undefined) break;
      node = next;
    }
    const range = (node as { range?: [number, number] } | undefined)?.range;
    const where = range ? at(range[0]) : file;
    const path = issue?.path.join('.') ?? '';
    throw new IxjobError(
      'data',
      `invalid spec: ${path === '' ? '' : `${path}: `}${issue?.message ?? 'invalid'}`,
      where,
    );
  }
  const spec = parsed.data;
  return {
    combine: spec.combine,
    dimensions: spec.dimensions.flatMap((entry): DimensionSpec[] => {
      if (entry.values) {
        return Object.entries(entry.values).map(([name, values]) =>
          typeof values === 'string' && values.startsWith('@')
            ? { kind: 'values-file', name, file: values.slice(1) }
            : { kind: 'values', name, values },
        );
      }
      if (entry.csv !== undefined) return [{ kind: 'csv', file: entry.csv, delimiter: ',' }];
      if (entry.tsv !== undefined) return [{ kind: 'csv', file: entry.tsv, delimiter: '\t' }];
      if (entry.json !== undefined) return [{ kind: 'json', file: entry.json }];
      if (entry.frames !== undefined) {
        const frames =
          typeof entry.frames === 'string' ? { range: entry.frames, chunk: 1 } : entry.frames;
        return [{ kind: 'frames', range: frames.range, chunk: frames.chunk }];
      }
      if (entry.grid) return [{ kind: 'grid', size: entry.grid.size, block: entry.grid.block }];
      if (entry.files) {
        const { glob, shards, strategy } = entry.files;
        return [{ kind: 'files', pattern: glob, shards, strategy }];
      }
      return [{ kind: 'commands', file: (entry.commands ?? '').replace(/^@/, '') }];
    }),
    rename: spec.rename,
    completions: spec.completions,
    base: dirname(path),
    source: file,
  };
}
