import type { FileItems } from '../scan/file-items.ts';
import type { Dimension } from '../spec/dimension.ts';

export const COMMAND_LINE = 'COMMAND_LINE';
const utf8 = new TextDecoder();

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
      return { [COMMAND_LINE]: utf8.decode((await items.item(index)).bytes) };
    },
    digest: async () => `commands:${items.fingerprint()}`,
  };
}
