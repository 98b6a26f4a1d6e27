import type { FileItems } from '../scan/file-items.ts';
import { itemText } from '../scan/item-text.ts';
import type { Dimension } from '../spec/dimension.ts';

export const COMMAND_LINE = 'COMMAND_LINE';

/**
 * `--commands @FILE`: one whole command line per non-blank line, as `COMMAND_LINE` (the seed's
 * work lists written out in full). With no command after `--`, exec runs it with `/bin/sh -c`.
 */
export function commandLines(items: FileItems): Dimension {
  return {
    label: items.file,
    names: [COMMAND_LINE],
    length: () => items.count(),
    lengthIfKnown: async () => items.countIfKnown(),
    async record(index) {
      return { [COMMAND_LINE]: itemText(await items.item(index), items.file) };
    },
    digest: async () => `commands:${items.fingerprint()}`,
  };
}
