import type { FileItems } from '../scan/file-items.ts';
import type { Item } from '../scan/read-items.ts';
import type { Dimension } from '../spec/dimension.ts';
import { outsideItems } from '../spec/outside.ts';

const utf8 = new TextDecoder();
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
 */
export function fileValues(name: string, items: FileItems): Dimension {
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
        return count === 0 ? [] : words(utf8.decode((await items.item(0)).bytes));
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
      return { [name]: utf8.decode((await (found ?? items.item(index))).bytes) };
    },
    digest: async () => `lines:${name}:${items.fingerprint()}`,
  };
}
