import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { IxjobError } from '@ixjob/sdk';

/** One line of the journal: a JSON object with an `event` field. */
export type JournalEntry = { event: string } & Record<string, unknown>;

export interface Journal {
  append(entry: JournalEntry): void;
  close(): void;
}

/**
 * Opens the append-only journal. Each entry is one `write` of one line to an O_APPEND
 * descriptor, made before the runner acts on it, so killing the runner loses at most the
 * entry in flight (a torn last line, which reading skips).
 */
export function openJournal(path: string): Journal {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'a');
  let open = true;
  return {
    append(entry) {
      if (open) writeSync(fd, `${JSON.stringify(entry)}\n`);
    },
    close() {
      if (open) closeSync(fd);
      open = false;
    },
  };
}

/** The entries of a journal; a last line without its newline was torn by a crash and is dropped. */
export function readJournal(path: string): JournalEntry[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  // Everything after the last newline was still being written when the runner died.
  lines.pop();
  return lines.map((line, i) => {
    try {
      const entry = JSON.parse(line) as JournalEntry;
      if (typeof entry?.event !== 'string') throw new Error('no event');
      return entry;
    } catch {
      throw new IxjobError(
        'data',
        'the journal has a line that is not an entry',
        `${path}:${i + 1}`,
      );
    }
  });
}
