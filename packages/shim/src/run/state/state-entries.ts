/** What ixjob writes in a state directory, and nothing else: `--force` removes only these. */

export const JOURNAL_FILE = 'journal.jsonl';
export const LOGS_DIR = 'logs';
/** Podinfo directories, where there is no /dev/shm. */
export const PODINFO_DIR = 'podinfo';
export const LOCK_FILE = 'lock';
/** The workers' checkpoints and outputs (IXJOB_CHECKPOINT_DIR): the run's, whatever they hold. */
export const CHECKPOINTS_DIR = 'checkpoints';

/** `lock.<pid>.<hex>`, and `….stale` beside it: a lock being written or taken over when its runner died. */
const LOCK_ASIDE = /^lock\.\d+\.[0-9a-f]+(\.stale)?$/;

/** One kind of entry ixjob writes at the top of a state directory. */
export interface StateEntry {
  name: RegExp;
  type: 'file' | 'dir';
  /** For a folder: what it may hold, one level down (a folder there must match `holds` again). */
  holds?: readonly StateEntry[];
  /** For a folder the run gives its workers: anything inside is the run's, and goes with it. */
  workers?: true;
}

export const STATE_ENTRIES: readonly StateEntry[] = [
  { name: /^journal\.jsonl$/, type: 'file' },
  { name: /^lock$/, type: 'file' },
  { name: LOCK_ASIDE, type: 'file' },
  { name: /^checkpoints$/, type: 'dir', workers: true },
  { name: /^logs$/, type: 'dir', holds: [{ name: /^\d+\.\d+\.log$/, type: 'file' }] },
  {
    name: /^podinfo$/,
    type: 'dir',
    holds: [{ name: /^\d+$/, type: 'dir', holds: [{ name: /^annotations$/, type: 'file' }] }],
  },
];

/** The pattern `name` matches as an entry of type `type`, if any. */
export function entryFor(
  entries: readonly StateEntry[],
  name: string,
  type: StateEntry['type'] | 'other',
): StateEntry | undefined {
  return entries.find((entry) => entry.type === type && entry.name.test(name));
}

/** Whether `name` is a lock file being written or taken over. */
export function isLockAside(name: string): boolean {
  return LOCK_ASIDE.test(name);
}
