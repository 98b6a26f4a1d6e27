import { IxjobError } from '../failure/ixjob-error.ts';
import type { FileItems } from '../scan/file-items.ts';
import { itemText } from '../scan/item-text.ts';
import type { Item } from '../scan/read-items.ts';
import type { Dimension } from '../spec/dimension.ts';
import { outsideItems } from '../spec/outside.ts';

const words = (text: string): string[] => text.split(/\s+/).filter((word) => word !== '');

/**
 * `--per-completion-env NAME=VALUES`: VALUES is a whitespace-separated list (the seed's
 * `"apple banana cherry"`, or `"$(cat file)"`), one record per word.
 */
export function inlineValues(name: string, values: string | readonly string[]): Dimension {
  const list = typeof values === 'string' ? words(values) : [...values];
  return {
    label: name,
    names: [name],
    length: async () => list.length,
    async record(index) {
      const value = list[index];
      if (value === undefined) throw outsideItems(index, list.length, name);
      // A spec file's string can hold what argv cannot; an environment variable cannot.
      if (value.includes('\0')) {
        throw new IxjobError(
          'data',
          `value ${index} of ${name} holds a NUL: no environment variable or argument can hold one`,
          name,
        );
      }
      return { [name]: value };
    },
    // The spec digest hashes this whole string, so the values go in as they are.
    digest: async () => `values:${name}:${JSON.stringify(list)}`,
  };
}

/**
 * `--per-completion-env NAME=@FILE`: one value per non-blank line (CRLF accepted, a final
 * newline or none), inner spaces kept. A file of a single line is a whitespace-separated
 * list instead, as `$(cat FILE)` would give: the seed writes `echo "apple banana cherry" > fruits.txt`.
 * Splitting one line into several values is said through `warn`, once per dimension.
 */
export function fileValues(
  name: string,
  items: FileItems,
  warn: (message: string) => void,
): Dimension {
  const label = items.file;
  let singleLine: Promise<string[] | undefined> | undefined;
  /** The words of a one-line file, or undefined: settled by whether item `probe` (≥ 1) exists. */
  const oneLine = (probe?: Promise<Item>) => {
    singleLine ??= (probe ?? items.item(1)).then(
      () => undefined,
      async (error: unknown) => {
        // Past the end, the lookup has learnt the count; any other failure is the file's own.
        const count = items.countIfKnown();
        if (count === undefined) throw error;
        if (count > 1) return undefined;
        if (count === 0) return [];
        const list = words(itemText(await items.item(0), label));
        // Splitting is the seed's contract, but a one-value list with spaces must not split unseen.
        if (list.length > 1)
          warn(
            `${label} has a single line, split at whitespace into ${list.length} values as $(cat ${label}) would be; a file of several lines keeps each line whole, and one value with spaces needs --csv (a header line ${name}, then the value)`,
          );
        return list;
      },
    );
    return singleLine;
  };
  return {
    label,
    names: [name],
    async length() {
      return (await oneLine())?.length ?? items.count();
    },
    async lengthIfKnown() {
      const known = items.countIfKnown();
      return known === undefined || known < 2 ? undefined : known;
    },
    async record(index) {
      // Item `index` ≥ 1 looked up first also settles oneLine(): one scan of the file, not two.
      const found = singleLine === undefined && index >= 1 ? items.item(index) : undefined;
      const list = await oneLine(found);
      if (list) {
        const value = list[index];
        if (value === undefined) throw outsideItems(index, list.length, label);
        return { [name]: value };
      }
      return { [name]: itemText(await (found ?? items.item(index)), label) };
    },
    digest: async () => `lines:${name}:${items.fingerprint()}`,
  };
}
