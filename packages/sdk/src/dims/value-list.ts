import type { FileItems } from '../scan/file-items.ts';
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
  // Whether the file is one line, learnt by looking for a second line only.
  let singleLine: Promise<string[] | undefined> | undefined;
  const oneLine = () => {
    singleLine ??= items.item(1).then(
      () => undefined,
      async (error: unknown) => {
        if ((error as { kind?: string }).kind !== 'data') throw error;
        const first = await items.item(0).catch(() => undefined);
        return first ? words(utf8.decode(first.bytes)) : [];
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
      const list = await oneLine();
      if (list) {
        const value = list[index];
        if (value === undefined) throw outsideItems(index, list.length, label);
        return { [name]: value };
      }
      return { [name]: utf8.decode((await items.item(index, label)).bytes) };
    },
    digest: async () => `lines:${name}:${items.fingerprint()}`,
  };
}
