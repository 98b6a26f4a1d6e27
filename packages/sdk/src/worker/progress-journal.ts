// Builtins through getBuiltinModule (an ESM facade costs ~3 ms), fs/promises only when used (~2 ms).
const fsp = () => process.getBuiltinModule('node:fs/promises');
const { join } = process.getBuiltinModule('node:path');

/** One line of a run's progress file: items finished, the state saved, or both. */
export interface ProgressRecord {
  /** Wall-clock milliseconds: the latest state across runs wins. */
  at: number;
  done?: string[];
  state?: unknown;
}

/** Every run (process) appends to its own file, so no two writers ever share one. */
export const JOURNAL_SUFFIX = '.jsonl';

const isRecord = (value: unknown): value is ProgressRecord =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as ProgressRecord).at === 'number' &&
  ((value as ProgressRecord).done === undefined ||
    (Array.isArray((value as ProgressRecord).done) &&
      (value as { done: unknown[] }).done.every((item) => typeof item === 'string')));

/**
 * The whole lines of `bytes`: a line without its newline yet is one being written, or torn by
 * a kill, and is left for later. A line that is not a record (a torn write made whole by a
 * later one cannot happen: each record is one append) is skipped rather than trusted.
 */
export function parseRecords(bytes: Uint8Array): { records: ProgressRecord[]; consumed: number } {
  const end = bytes.lastIndexOf(0x0a) + 1;
  const records: ProgressRecord[] = [];
  for (const line of new TextDecoder().decode(bytes.subarray(0, end)).split('\n')) {
    if (line === '') continue;
    try {
      const value: unknown = JSON.parse(line);
      if (isRecord(value)) records.push(value);
    } catch {
      // Not a record: a file from elsewhere, or bytes a crash left; never guess at them.
    }
  }
  return { records, consumed: end };
}

/** Reads what every run has appended since the last call: each file from where it was left. */
export class JournalReader {
  readonly #dir: string;
  readonly #offsets = new Map<string, number>();
  readonly #own: string | undefined;

  /** `own`: this run's file, whose records the run has applied as it wrote them. */
  constructor(dir: string, own?: string) {
    this.#dir = dir;
    this.#own = own;
  }

  /** New records in a stable order: by file name (each starts with its run's start time), then line. */
  async readNew(): Promise<{ file: string; record: ProgressRecord }[]> {
    let names: string[];
    try {
      names = (await fsp().readdir(this.#dir))
        .filter((name) => name.endsWith(JOURNAL_SUFFIX) && name !== this.#own)
        .sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const found: { file: string; record: ProgressRecord }[] = [];
    for (const name of names) {
      const offset = this.#offsets.get(name) ?? 0;
      const handle = await fsp().open(join(this.#dir, name), 'r');
      try {
        const { size } = await handle.stat();
        if (size <= offset) continue;
        const bytes = new Uint8Array(size - offset);
        const { bytesRead } = await handle.read(bytes, 0, bytes.length, offset);
        const { records, consumed } = parseRecords(bytes.subarray(0, bytesRead));
        this.#offsets.set(name, offset + consumed);
        for (const record of records) found.push({ file: name, record });
      } finally {
        await handle.close();
      }
    }
    return found;
  }
}
