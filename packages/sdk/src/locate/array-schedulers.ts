import { IxjobError } from '../failure/ixjob-error.ts';
import type { AttemptReading, IndexReading, SourceFacts } from './reading.ts';
import { parseDecimal } from './reading.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** How one array-job system names its task, normalised to a dense 0-based index. */
interface Scheduler {
  /** The variable that holds the task id; its presence means this system started us. */
  id: string;
  /** Values of `id` that the system sets outside array jobs. */
  notArray?: readonly string[];
  normalise(
    read: (name: string) => number | undefined,
    id: number,
  ): { index: number; count?: number };
  /** The attempt variable and the number its first attempt has. */
  attempt?: { name: string; first: 0 | 1 };
}

/** Position of `id` in `first, first+step, …, last`, and how many positions there are. */
function positionInRange(
  id: number,
  idName: string,
  first: number,
  step: number,
  last: number | undefined,
): { index: number; count?: number } {
  const offset = id - first;
  if (step <= 0 || offset < 0 || offset % step !== 0) {
    throw new IxjobError(
      'config',
      `${idName}=${id} is not in the array's range (first ${first}, step ${step})`,
      idName,
    );
  }
  const index = offset / step;
  return last === undefined ? { index } : { index, count: Math.floor((last - first) / step) + 1 };
}

const counted =
  (countName: string): Scheduler['normalise'] =>
  (read, id) => {
    const count = read(countName);
    return count === undefined ? { index: id } : { index: id, count };
  };

/** Highest precedence first, after the Kubernetes sources. */
const SCHEDULERS: readonly Scheduler[] = [
  {
    id: 'AWS_BATCH_JOB_ARRAY_INDEX',
    normalise: counted('AWS_BATCH_JOB_ARRAY_SIZE'),
    attempt: { name: 'AWS_BATCH_JOB_ATTEMPT', first: 1 },
  },
  {
    id: 'CLOUD_RUN_TASK_INDEX',
    normalise: counted('CLOUD_RUN_TASK_COUNT'),
    attempt: { name: 'CLOUD_RUN_TASK_ATTEMPT', first: 0 },
  },
  {
    id: 'BATCH_TASK_INDEX',
    normalise: counted('BATCH_TASK_COUNT'),
    attempt: { name: 'BATCH_TASK_RETRY_ATTEMPT', first: 0 },
  },
  {
    id: 'SLURM_ARRAY_TASK_ID',
    normalise(read, id) {
      const min = read('SLURM_ARRAY_TASK_MIN');
      if (min === undefined) {
        throw new IxjobError(
          'config',
          'SLURM_ARRAY_TASK_ID is set without SLURM_ARRAY_TASK_MIN, so its position is unknown',
          'SLURM_ARRAY_TASK_MIN',
        );
      }
      const step = read('SLURM_ARRAY_TASK_STEP') ?? 1;
      const position = positionInRange(
        id,
        'SLURM_ARRAY_TASK_ID',
        min,
        step,
        read('SLURM_ARRAY_TASK_MAX'),
      );
      const count = read('SLURM_ARRAY_TASK_COUNT');
      // A list such as --array=1,5,6 has no uniform step: positions cannot be derived from it.
      if (count !== undefined && position.count !== undefined && count !== position.count) {
        throw new IxjobError(
          'config',
          `the Slurm array is not an evenly stepped range (${count} tasks between ${min} and ${read('SLURM_ARRAY_TASK_MAX')}); pass --index`,
          'SLURM_ARRAY_TASK_COUNT',
        );
      }
      return count === undefined ? position : { index: position.index, count };
    },
  },
  {
    id: 'SGE_TASK_ID',
    notArray: ['undefined'],
    normalise(read, id) {
      const first = read('SGE_TASK_FIRST') ?? 1;
      return positionInRange(
        id,
        'SGE_TASK_ID',
        first,
        read('SGE_TASK_STEPSIZE') ?? 1,
        read('SGE_TASK_LAST'),
      );
    },
  },
  { id: 'PBS_ARRAY_INDEX', normalise: (_read, id) => ({ index: id }) },
  {
    id: 'LSB_JOBINDEX',
    notArray: ['0'],
    // LSF gives no first index: arrays are taken to start at 1, as in name[1-N].
    normalise: (read, id) =>
      positionInRange(
        id,
        'LSB_JOBINDEX',
        1,
        read('LSB_JOBINDEX_STEP') ?? 1,
        read('LSB_JOBINDEX_END'),
      ),
  },
  { id: 'NOMAD_ALLOC_INDEX', normalise: (_read, id) => ({ index: id }) },
];

/** Every array-job system whose variables are present, in precedence order. */
export function readArraySchedulers(env: Env): SourceFacts {
  const indexes: IndexReading[] = [];
  const attempts: AttemptReading[] = [];
  const read = (name: string): number | undefined => {
    const text = env[name];
    return text === undefined || text === '' ? undefined : parseDecimal(text, name, 'config');
  };
  for (const scheduler of SCHEDULERS) {
    const text = env[scheduler.id];
    if (text === undefined || text === '' || scheduler.notArray?.includes(text)) continue;
    const id = parseDecimal(text, scheduler.id, 'config');
    const { index, count } = scheduler.normalise(read, id);
    indexes.push({
      source: scheduler.id,
      index,
      where: scheduler.id,
      ...(count === undefined ? {} : { count }),
    });
    const attempt = scheduler.attempt && read(scheduler.attempt.name);
    if (scheduler.attempt && attempt !== undefined) {
      attempts.push({
        attempt: Math.max(0, attempt - scheduler.attempt.first),
        where: scheduler.attempt.name,
      });
    }
  }
  return { indexes, attempts };
}

/**
 * Every variable through which an array-job system names a task. A local runner that gives
 * each index its own number removes these from what it passes on, so they cannot disagree.
 */
export const SCHEDULER_INDEX_VARIABLES: readonly string[] = SCHEDULERS.map(
  (scheduler) => scheduler.id,
);
