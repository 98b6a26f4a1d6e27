import { closeSync } from 'node:fs';
import { contentSample, fingerprintOf } from '../io/fingerprint.ts';
import { openForReading } from '../io/open-file.ts';
import { type FreshSidecar, freshSidecar, sidecarItem } from '../sidecar/read-sidecar.ts';
import type { IndexedFormat } from '../sidecar/sidecar-format.ts';
import { outsideItems } from '../spec/outside.ts';
import { csvScanner } from './csv-scanner.ts';
import { capItems } from './item-cap.ts';
import type { ItemScanner } from './item-scanner.ts';
import { jsonArrayScanner } from './json-array-scanner.ts';
import { lineScanner } from './line-scanner.ts';
import { type Item, scanItems } from './read-items.ts';

/** The scanner that splits a file of each format into items, each at most MAX_ITEM_BYTES long. */
export function scannerFor(format: IndexedFormat, file: string): ItemScanner {
  return capItems(formatScanner(format, file), file, ITEM_NAMES[format]);
}

const ITEM_NAMES: Record<IndexedFormat, string> = {
  lines: 'line',
  csv: 'record',
  tsv: 'record',
  json: 'element',
};

function formatScanner(format: IndexedFormat, file: string): ItemScanner {
  switch (format) {
    case 'lines':
      return lineScanner();
    case 'csv':
      return csvScanner(file, ',');
    case 'tsv':
      return csvScanner(file, '\t');
    case 'json':
      return jsonArrayScanner(file);
  }
}

/** The items of one file: through its sidecar in O(1) when fresh, by scanning otherwise. */
export interface FileItems {
  readonly file: string;
  /** How the file splits into items: a `json` array's elements may start mid-line. */
  readonly format: IndexedFormat;
  count(): Promise<number>;
  /** The count when it needs no scan: from a fresh sidecar, or a scan that already reached the end. */
  countIfKnown(): number | undefined;
  /** Item `index`, or the standard error past the end (naming the file). */
  item(index: number): Promise<Item>;
  /** O(1) content fingerprint (see io/fingerprint.ts), recorded in a fresh sidecar. */
  fingerprint(): string;
}

/**
 * `path` is opened; `file` (the name the user wrote) names it in messages and sidecar warnings.
 */
export function fileItems(
  path: string,
  format: IndexedFormat,
  warn: (message: string) => void,
  file = path,
): FileItems {
  let count: number | undefined;
  let checked: { sidecar?: FreshSidecar } | undefined;
  // Descriptors are opened per lookup and closed at once, so a long-lived worker leaks none.
  const withFile = <T>(use: (fd: number) => T): T => {
    const fd = openForReading(path);
    try {
      return use(fd);
    } finally {
      closeSync(fd);
    }
  };
  const check = () => {
    if (!checked) {
      const found = freshSidecar(path, format);
      if (found && 'stale' in found) warn(found.stale);
      checked = found && 'sidecar' in found ? { sidecar: found.sidecar } : {};
    }
    return checked;
  };
  return {
    file,
    format,
    async count() {
      const { sidecar } = check();
      if (sidecar) return sidecar.count;
      count ??= (await scanItems(path, scannerFor(format, file), undefined, true)).count ?? 0;
      return count;
    },
    countIfKnown: () => check().sidecar?.count ?? count,
    async item(index) {
      const { sidecar } = check();
      if (sidecar) {
        if (index >= sidecar.count) throw outsideItems(index, sidecar.count, file);
        const served = withFile((fd) => sidecarItem(sidecar, fd, index));
        if (!('damaged' in served)) return served;
        // A sidecar that fails a check is dropped for good: never a wrong record.
        warn(served.damaged);
        checked = {};
      }
      if (count !== undefined && index >= count) throw outsideItems(index, count, file);
      const outcome = await scanItems(path, scannerFor(format, file), index, false);
      if (outcome.item) return outcome.item;
      count = outcome.count ?? 0;
      throw outsideItems(index, count, file);
    },
    fingerprint() {
      return check().sidecar?.fingerprint ?? withFile((fd) => fingerprintOf(contentSample(fd)));
    },
  };
}
