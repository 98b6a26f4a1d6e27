import { toEnvNames } from '../env/env-name.ts';
import { IxjobError } from '../failure/ixjob-error.ts';
import type { FileItems } from '../scan/file-items.ts';
import { itemText } from '../scan/item-text.ts';
import type { Dimension, Params } from '../spec/dimension.ts';
import { outsideItems } from '../spec/outside.ts';

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
  /** An empty file has no header to name the variables: that is malformed, not zero records. */
  const noHeader = () =>
    new IxjobError(
      'data',
      `${label} has no header row to name the variables: the file is empty or blank`,
      label,
    );
  /** The records after the header, from the file's item count. */
  const records = (count: number): number => {
    if (count === 0) throw noHeader();
    return count - 1;
  };
  let header: Promise<string[]> | undefined;
  const names = () => {
    header ??= items.item(0).then(
      async (item) => {
        const where = `${label}:${item.line}`;
        return toEnvNames(await parseRecord(itemText(item, label), delimiter, where), where);
      },
      (error: unknown) => {
        throw items.countIfKnown() === 0 ? noHeader() : error;
      },
    );
    return header;
  };
  return {
    label,
    names: [],
    length: async () => records(await items.count()),
    async lengthIfKnown() {
      const known = items.countIfKnown();
      // Zero items: length() says why the file is refused.
      return known === undefined || known === 0 ? undefined : known - 1;
    },
    async record(index): Promise<Params> {
      const variables = await names();
      const record = await items.item(index + 1).catch((error: unknown) => {
        // Past the end the lookup has learnt the count; any other failure is the file's own.
        const count = items.countIfKnown();
        if (count === undefined || index + 1 < count) throw error;
        throw outsideItems(index, records(count), label);
      });
      const where = `${label}:${record.line}`;
      const fields = await parseRecord(itemText(record, label), delimiter, where);
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
