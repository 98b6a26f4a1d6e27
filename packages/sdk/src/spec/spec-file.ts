import { dirname, resolve } from 'node:path';
import { IxjobError } from '../failure/ixjob-error.ts';
import { type ReadCap, readCapped } from '../io/read-capped.ts';
import type { DimensionSpec, SpecDefinition } from './spec-definition.ts';

/**
 * A spec file is definitions, not data: long lists belong in the files it names, which are
 * streamed. The YAML parser holds about 1–2 KiB of memory per byte of dense input (a 540 KB
 * flow list took 300 MB), so 64 KiB keeps a spec's parse under about 150 MB whatever its shape.
 */
export const SPEC_CAP: ReadCap = {
  bytes: 64 << 10,
  what: 'a spec file',
  hint: 'put long lists in a file the spec names (FRUIT: "@fruits.txt")',
};

/** Aliases expanded per document: a handful is plenty for a spec; a bomb needs thousands. */
const MAX_ALIAS_COUNT = 100;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The file as text, or 65 at the line of its first byte that is not UTF-8 (never a U+FFFD). */
function specText(bytes: Uint8Array, file: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    // Up to the first bad byte, decoding and encoding again gives the same bytes.
    const again = Buffer.from(Buffer.from(bytes).toString('utf8'));
    let at = 0;
    while (at < bytes.length && again[at] === bytes[at]) at++;
    const line = Buffer.from(bytes.subarray(0, at)).toString('latin1').split('\n').length;
    throw new IxjobError('data', 'malformed spec file: not valid UTF-8', `${file}:${line}`);
  }
}

/** Parses and validates a spec file (YAML, or JSON, which YAML reads too) into plain data. */
export async function readSpecFile(file: string, cwd: string): Promise<SpecDefinition> {
  // zod and yaml load only here: they would double the shim's start-up on the common path.
  const [{ LineCounter, parseDocument, isMap, isSeq }, { specFileSchema }] = await Promise.all([
    import('yaml'),
    import('./spec-file-schema.ts'),
  ]);
  const path = resolve(cwd, file);
  const text = specText(readCapped(path, SPEC_CAP, file), file);
  const lines = new LineCounter();
  // logLevel: a YAML warning is not printed by Node as a multi-line process warning.
  const document = parseDocument(text, {
    lineCounter: lines,
    prettyErrors: false,
    logLevel: 'error',
  });
  const at = (offset: number) => `${file}:${lines.linePos(offset).line}`;
  const [syntax] = document.errors;
  if (syntax)
    throw new IxjobError(
      'data',
      `malformed spec file: ${syntax.message.split('\n')[0]}`,
      at(syntax.pos[0]),
    );
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // An alias bomb ("billion laughs") or an alias to nothing: the file's fault, not ixjob's.
    throw new IxjobError('data', `malformed spec file: ${(error as Error).message}`, file, {
      cause: error,
    });
  }
  const parsed = specFileSchema.safeParse(data);
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
        const { glob, shards, strategy, relativeTo } = entry.files;
        return [{ kind: 'files', pattern: glob, shards, strategy, relativeTo }];
      }
      return [{ kind: 'commands', file: (entry.commands ?? '').replace(/^@/, '') }];
    }),
    rename: spec.rename,
    completions: spec.completions,
    base: dirname(path),
    source: file,
  };
}
