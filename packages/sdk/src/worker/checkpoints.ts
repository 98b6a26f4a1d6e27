import { IxjobError } from '../failure/ixjob-error.ts';
import { nodeFiles } from '../io/files.ts';
import { findIndex } from '../locate/find-index.ts';
import {
  cannotWrite,
  type OutputData,
  syncDirectory,
  uniqueSuffix,
  writeOutput,
} from './outputs.ts';
import { JOURNAL_SUFFIX, JournalReader, type ProgressRecord } from './progress-journal.ts';

// Builtins through getBuiltinModule: their ESM facades cost a worker ~3 ms each at start-up.
const { close: closeFd, fdatasync, open, write } = process.getBuiltinModule('node:fs');
const { isAbsolute, join, normalize, sep } = process.getBuiltinModule('node:path');
const { promisify } = process.getBuiltinModule('node:util');

/** Where checkpoints live: `ixjob run` sets it under its state, `ixjob manifest` to a volume path. */
export const CHECKPOINT_DIR_VARIABLE = 'IXJOB_CHECKPOINT_DIR';

/** Where {@link checkpoints} keeps this index's progress. */
export interface CheckpointOptions {
  /** The directory shared by every index (default: `$IXJOB_CHECKPOINT_DIR`; no default past it). */
  dir?: string | undefined;
  /** This process's index (default: found as `job()` finds it). A `Job` can be passed as is. */
  index?: number | undefined;
  /** The environment to read (default: `process.env`). */
  env?: Readonly<Record<string, string | undefined>> | undefined;
}

/** An item's identity in the progress record; numbers are kept as their decimal text. */
export type ItemKey = string | number;

/** This index's durable progress: what is done, a small state, and its outputs. */
export interface Checkpoint<State = unknown> {
  /** This index's own directory: `<dir>/<index>`. */
  readonly dir: string;
  /** Every item any run of this index marked done (`String(item)`). */
  readonly done: ReadonlySet<string>;
  /** The state saved last, by any run of this index (`undefined` before the first save). */
  readonly state: State | undefined;
  /** Whether any run of this index marked `item` done (as of the last open or refresh). */
  isDone(item: ItemKey): boolean;
  /**
   * Records `items` as done, with `state` if given, durably (appended and fsynced) before it
   * resolves. Write the items' outputs first: a done item must have its output.
   */
  markDone(items: ItemKey | readonly ItemKey[], state?: State): Promise<void>;
  /** Saves `state` (JSON) durably, on its own. */
  saveState(state: State): Promise<void>;
  /** Writes `<dir>/<index>/outputs/<name>` atomically (see `writeOutput`); resolves to its path. */
  output(name: string, data: OutputData): Promise<string>;
  /** Where `output(name)` writes: to read an output back, or a finished index's from a reduce. */
  outputPath(name: string): string;
  /** Reads what other runs of this index (another pod on the same index) have recorded since. */
  refresh(): Promise<void>;
  /** Closes this run's progress file once pending records are written; exiting does the same. */
  close(): Promise<void>;
}

// Plain descriptors: a FileHandle left open is an error when collected, and exit closes these.
const openFd = promisify(open);
const writeFd = promisify(write);
const syncFd = promisify(fdatasync);
const closeFdAsync = promisify(closeFd);

/** This run's file name: its start time first, so the files sort in the order runs started. */
const runName = () =>
  `${Date.now().toString(36).padStart(9, '0')}-${uniqueSuffix()}${JOURNAL_SUFFIX}`;

function checkpointRoot(options: CheckpointOptions, env: CheckpointOptions['env'] & {}): string {
  const dir = options.dir ?? env[CHECKPOINT_DIR_VARIABLE];
  if (dir === undefined || dir === '') {
    // No default: a directory in the container's own layer would vanish with the pod, silently.
    throw new IxjobError(
      'config',
      `no checkpoint directory: set ${CHECKPOINT_DIR_VARIABLE} to a directory that outlives the pod (a volume), or pass checkpoints({ dir })`,
      CHECKPOINT_DIR_VARIABLE,
    );
  }
  return dir;
}

function outputPath(dir: string, name: string): string {
  const path = normalize(name);
  if (name === '' || isAbsolute(path) || path === '..' || path.startsWith(`..${sep}`)) {
    throw new IxjobError(
      'usage',
      `output name ${JSON.stringify(name)} must stay inside the outputs directory`,
      dir,
    );
  }
  return join(dir, 'outputs', path);
}

/**
 * Opens this index's checkpoint under `$IXJOB_CHECKPOINT_DIR/<index>/`, reading what every
 * earlier run of the index recorded, so a resumed attempt skips what is done.
 *
 * Each run appends to its own progress file (`progress/<start>-<pid>-<random>.jsonl`, one
 * fsynced JSON line per call), and reads everyone's: two pods running the same index at once
 * (Kubernetes allows it) never write the same file, the done items are the union of theirs,
 * and the state is the one saved last. No lock is taken: a lock left by a killed pod would
 * block its replacement. Two such runs may both do an item; its output is written atomically,
 * so the last whole copy stands — per-index work must be idempotent, as Kubernetes asks.
 *
 * @example
 * const progress = await checkpoints<{ rows: number }>();
 * for (const file of files) {
 *   if (progress.isDone(file)) continue;
 *   await progress.output(`${file}.out`, await convert(file));
 *   await progress.markDone(file, { rows: (progress.state?.rows ?? 0) + 1 });
 * }
 */
export async function checkpoints<State = unknown>(
  options: CheckpointOptions = {},
): Promise<Checkpoint<State>> {
  const env = options.env ?? process.env;
  const root = checkpointRoot(options, env);
  const index = options.index ?? findIndex({ env, files: nodeFiles }).index;
  const dir = join(root, String(index));
  const progressDir = join(dir, 'progress');
  const name = runName();
  const reader = new JournalReader(progressDir, name);
  const done = new Set<string>();
  let latest: { at: number; state: unknown } | undefined;
  const apply = (records: { record: ProgressRecord }[]) => {
    for (const { record } of records) {
      for (const item of record.done ?? []) done.add(item);
      // Equal clocks: the later file or line, read later, wins.
      if ('state' in record && (latest === undefined || record.at >= latest.at))
        latest = { at: record.at, state: record.state };
    }
  };
  apply(await reader.readNew());

  const journal = join(progressDir, name);
  let fd: number | undefined;
  // One append at a time, in call order, so the file's lines follow the worker's calls.
  let queue: Promise<void> = Promise.resolve();
  const append = (record: ProgressRecord): Promise<void> => {
    const line = `${JSON.stringify(record)}\n`;
    const write = async () => {
      try {
        if (fd === undefined) {
          await process
            .getBuiltinModule('node:fs/promises')
            .mkdir(progressDir, { recursive: true });
          fd = await openFd(journal, 'a');
          await syncDirectory(progressDir);
        }
        // One write per record: a kill leaves whole lines, or a torn last one that is skipped.
        await writeFd(fd, line);
        await syncFd(fd);
      } catch (error) {
        throw cannotWrite(journal, error);
      }
      apply([{ record }]);
    };
    const next = queue.then(write);
    queue = next.catch(() => {});
    return next;
  };

  return {
    dir,
    done,
    get state() {
      return latest?.state as State | undefined;
    },
    isDone: (item) => done.has(String(item)),
    markDone(items, state) {
      const list = (Array.isArray(items) ? items : [items]).map(String);
      return append({ at: Date.now(), done: list, ...(state === undefined ? {} : { state }) });
    },
    saveState: (state) => append({ at: Date.now(), state }),
    output: async (name, data) => writeOutput(outputPath(dir, name), data),
    outputPath: (name) => outputPath(dir, name),
    async refresh() {
      apply(await reader.readNew());
    },
    async close() {
      await queue;
      if (fd !== undefined) await closeFdAsync(fd);
      fd = undefined;
    },
  };
}
