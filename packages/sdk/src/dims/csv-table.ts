import { toEnvNames } from '../env/env-name.ts';
import { IxjobError } from '../failure/ixjob-error.ts';
import type { FileItems } from '../scan/file-items.ts';
import type { Dimension, Params } from '../spec/dimension.ts';
import { outsideItems } from '../spec/outside.ts';

const utf8 = new TextDecoder();

/** Parses one record's text with csv-parse, loaded only when a CSV dimension is used. */
async function parseRecord(text: string, delimiter: string, where: string): Promise<string[]> {
  const { parse } = await import('csv-parse/sync');
  try {
    const rows = parse(text, {
      delimiter,
      relax_column_count: false,
      skip_empty_lines: true,
    }) as string[][];
    return rows[0] ?? [];
  } catch (error) {
    throw new IxjobError('data', `malformed CSV: ${(error as Error).message}`, where, {
      cause: error,
    });
  }
}

/**
 * `--csv FILE` / `--tsv FILE`: the header row names the variables (made into valid names),
 * each following record is one item. Only the header and the asked-for record are parsed.
 */
export function csvTable(items: FileItems, delimiter: ',' | '\t'): Dimension {
  const label = items.file;
  let header: Promise<string[]> | undefined;
  const names = () => {
    header ??= items.item(0).then(async ({ bytes, line }) => {
      const where = `${label}:${line}`;
      return toEnvNames(await parseRecord(utf8.decode(bytes), delimiter, where), where);
    });
    return header;
  };
  return {
    label,
    names: [],
    async length() {
      return Math.max(0, (await items.count()) - 1);
    },
    async lengthIfKnown() {
      const known = items.countIfKnown();
      return known === undefined ? undefined : Math.max(0, known - 1);
    },
    async record(index): Promise<Params> {
      const variables = await names();
      const record = await items.item(index + 1).catch(async (error: unknown) => {
        if ((error as { kind?: string }).kind !== 'data') throw error;
        throw outsideItems(index, Math.max(0, (await items.count()) - 1), label);
      });
      const where = `${label}:${record.line}`;
      const fields = await parseRecord(utf8.decode(record.bytes), delimiter, where);
      if (fields.length !== variables.length) {
        throw new IxjobError(
          'data',
          `row has ${fields.length} fields, the header has ${variables.length}`,
          where,
        );
      }
      return Object.fromEntries(variables.map((name, i) => [name, fields[i] ?? '']));
    },
    digest: async () => `${delimiter === ',' ? 'csv' : 'tsv'}:${items.fingerprint()}`,
  };
}
