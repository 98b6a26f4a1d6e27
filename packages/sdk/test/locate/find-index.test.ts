import {
  type Files,
  type FindIndexInput,
  findIndex,
  formatPodinfoMap,
  type IndexInfo,
} from '@ixjob/sdk/internal';
import { describe, expect, test } from 'vitest';

const INDEX = 'batch.kubernetes.io/job-completion-index';
const FAILURES = 'batch.kubernetes.io/job-index-failure-count';

/** An in-memory file system: paths ending in `/` are directories. */
function fakeFiles(tree: Record<string, string>): Files {
  return {
    kind: (path) =>
      tree[path] !== undefined
        ? 'file'
        : Object.keys(tree).some((p) => p.startsWith(`${path}/`))
          ? 'dir'
          : 'missing',
    read: (path) => new TextEncoder().encode(tree[path] ?? ''),
  };
}

const annotations = (map: Record<string, string>) => ({
  '/etc/podinfo/annotations': formatPodinfoMap(map),
});

type Case = [
  name: string,
  input: {
    env?: Record<string, string>;
    files?: Record<string, string>;
    index?: string;
    podinfo?: string;
  },
  expected: Partial<IndexInfo>,
];

const find = ({ env = {}, files = {}, ...flags }: Case[1]) =>
  findIndex({ env, files: fakeFiles(files), ...flags } satisfies FindIndexInput);

describe('findIndex: every source', () => {
  test.each<Case>([
    ['--index', { index: '3' }, { index: 3, source: '--index', count: null, attempt: null }],
    [
      'JOB_COMPLETION_INDEX',
      { env: { JOB_COMPLETION_INDEX: '7' } },
      { index: 7, source: 'JOB_COMPLETION_INDEX' },
    ],
    ['zero itself', { env: { JOB_COMPLETION_INDEX: '0' } }, { index: 0 }],
    [
      'an empty JOB_COMPLETION_INDEX is no source',
      { env: { JOB_COMPLETION_INDEX: '', NOMAD_ALLOC_INDEX: '2' } },
      { index: 2 },
    ],
    [
      'podinfo annotations',
      { files: annotations({ [INDEX]: '5' }) },
      { index: 5, source: '/etc/podinfo/annotations' },
    ],
    [
      'podinfo failure count is the attempt',
      { files: annotations({ [INDEX]: '5', [FAILURES]: '2' }) },
      { index: 5, attempt: 2 },
    ],
    [
      'podinfo labels',
      { files: { '/etc/podinfo/labels': formatPodinfoMap({ [INDEX]: '6' }) } },
      { index: 6, source: '/etc/podinfo/labels' },
    ],
    [
      '--podinfo names a file',
      {
        podinfo: '/p/annotations',
        files: { '/p/annotations': formatPodinfoMap({ [INDEX]: '1' }) },
      },
      { index: 1 },
    ],
    [
      '--podinfo names a single-key file',
      { podinfo: '/p/idx', files: { '/p/idx': '4' } },
      { index: 4, source: '/p/idx' },
    ],
    [
      'IXJOB_PODINFO (set by ixjob run)',
      {
        env: { IXJOB_PODINFO: '/run/0' },
        files: { '/run/0/annotations': formatPodinfoMap({ [INDEX]: '0', [FAILURES]: '1' }) },
      },
      { index: 0, attempt: 1 },
    ],
    [
      'AWS Batch with size and 1-based attempt',
      {
        env: {
          AWS_BATCH_JOB_ARRAY_INDEX: '4',
          AWS_BATCH_JOB_ARRAY_SIZE: '10',
          AWS_BATCH_JOB_ATTEMPT: '1',
        },
      },
      { index: 4, count: 10, attempt: 0, source: 'AWS_BATCH_JOB_ARRAY_INDEX' },
    ],
    [
      'Cloud Run',
      {
        env: { CLOUD_RUN_TASK_INDEX: '2', CLOUD_RUN_TASK_COUNT: '3', CLOUD_RUN_TASK_ATTEMPT: '1' },
      },
      { index: 2, count: 3, attempt: 1 },
    ],
    [
      'Google Batch',
      { env: { BATCH_TASK_INDEX: '0', BATCH_TASK_COUNT: '8', BATCH_TASK_RETRY_ATTEMPT: '0' } },
      { index: 0, count: 8, attempt: 0 },
    ],
    [
      'Slurm 1-10',
      {
        env: {
          SLURM_ARRAY_TASK_ID: '1',
          SLURM_ARRAY_TASK_MIN: '1',
          SLURM_ARRAY_TASK_MAX: '10',
          SLURM_ARRAY_TASK_STEP: '1',
          SLURM_ARRAY_TASK_COUNT: '10',
        },
      },
      { index: 0, count: 10 },
    ],
    [
      'Slurm 0-20:5',
      {
        env: {
          SLURM_ARRAY_TASK_ID: '15',
          SLURM_ARRAY_TASK_MIN: '0',
          SLURM_ARRAY_TASK_MAX: '20',
          SLURM_ARRAY_TASK_STEP: '5',
          SLURM_ARRAY_TASK_COUNT: '5',
        },
      },
      { index: 3, count: 5 },
    ],
    ['SGE is 1-based', { env: { SGE_TASK_ID: '1' } }, { index: 0, count: null }],
    [
      'SGE with first, last and step',
      {
        env: { SGE_TASK_ID: '7', SGE_TASK_FIRST: '3', SGE_TASK_LAST: '11', SGE_TASK_STEPSIZE: '2' },
      },
      { index: 2, count: 5 },
    ],
    [
      'SGE outside an array says undefined',
      { env: { SGE_TASK_ID: 'undefined', NOMAD_ALLOC_INDEX: '1' } },
      { index: 1, source: 'NOMAD_ALLOC_INDEX' },
    ],
    ['PBS Pro', { env: { PBS_ARRAY_INDEX: '9' } }, { index: 9 }],
    [
      'LSF is 1-based',
      { env: { LSB_JOBINDEX: '3', LSB_JOBINDEX_END: '4' } },
      { index: 2, count: 4 },
    ],
    [
      'LSF outside an array says 0',
      { env: { LSB_JOBINDEX: '0', NOMAD_ALLOC_INDEX: '1' } },
      { index: 1 },
    ],
    ['Nomad', { env: { NOMAD_ALLOC_INDEX: '11' } }, { index: 11 }],
  ])('%s', (_name, input, expected) => {
    expect(find(input)).toMatchObject(expected);
  });
});

describe('findIndex: precedence and agreement', () => {
  test.each<Case>([
    [
      'the flag is named when the env agrees',
      { index: '2', env: { JOB_COMPLETION_INDEX: '2' } },
      { source: '--index' },
    ],
    [
      'env before podinfo',
      { env: { JOB_COMPLETION_INDEX: '5' }, files: annotations({ [INDEX]: '5' }) },
      { source: 'JOB_COMPLETION_INDEX' },
    ],
    [
      'podinfo before schedulers',
      { env: { NOMAD_ALLOC_INDEX: '5' }, files: annotations({ [INDEX]: '5' }) },
      { source: '/etc/podinfo/annotations' },
    ],
    [
      'Kubernetes gives the index, a scheduler the count',
      { env: { JOB_COMPLETION_INDEX: '1', CLOUD_RUN_TASK_INDEX: '1', CLOUD_RUN_TASK_COUNT: '4' } },
      { index: 1, count: 4 },
    ],
    [
      'a shim that ran before keeps the source it found (--index)',
      { env: { JOB_COMPLETION_INDEX: '3', IXJOB_INDEX: '3', IXJOB_INDEX_SOURCE: '--index' } },
      { index: 3, source: '--index', count: null },
    ],
    [
      "a shim's count and attempt reach the worker",
      {
        env: {
          JOB_COMPLETION_INDEX: '2',
          IXJOB_INDEX: '2',
          IXJOB_INDEX_SOURCE: 'JOB_COMPLETION_INDEX',
          IXJOB_COUNT: '5',
          IXJOB_ATTEMPT: '1',
        },
      },
      { index: 2, source: 'JOB_COMPLETION_INDEX', count: 5, attempt: 1 },
    ],
    [
      'IXJOB_INDEX alone, with no source named',
      { env: { IXJOB_INDEX: '0' } },
      { source: 'IXJOB_INDEX' },
    ],
    [
      'the first attempt wins',
      {
        env: { CLOUD_RUN_TASK_INDEX: '1', CLOUD_RUN_TASK_ATTEMPT: '3' },
        files: annotations({ [INDEX]: '1', [FAILURES]: '1' }),
      },
      { attempt: 1 },
    ],
  ])('%s', (_name, input, expected) => {
    expect(find(input)).toMatchObject(expected);
  });

  test.each<[string, Case[1], { kind: string; message?: string; where?: string }]>([
    [
      'no source at all',
      {},
      {
        kind: 'config',
        message:
          'no completion index found: set JOB_COMPLETION_INDEX, mount the downward API at /etc/podinfo, or pass --index',
      },
    ],
    [
      'flag and env disagree',
      { index: '1', env: { JOB_COMPLETION_INDEX: '2' } },
      {
        kind: 'config',
        message: 'two sources disagree on the index: --index says 1, JOB_COMPLETION_INDEX says 2',
        where: '--index, JOB_COMPLETION_INDEX',
      },
    ],
    [
      'env and annotations disagree',
      { env: { JOB_COMPLETION_INDEX: '1' }, files: annotations({ [INDEX]: '3' }) },
      {
        kind: 'config',
        message:
          'two sources disagree on the index: JOB_COMPLETION_INDEX says 1, /etc/podinfo/annotations:1 says 3',
      },
    ],
    [
      'annotations and labels disagree',
      {
        files: {
          ...annotations({ [INDEX]: '3' }),
          '/etc/podinfo/labels': formatPodinfoMap({ [INDEX]: '4' }),
        },
      },
      {
        kind: 'config',
        message:
          'two sources disagree on the index: /etc/podinfo/annotations:1 says 3, /etc/podinfo/labels:1 says 4',
      },
    ],
    [
      "a shim's export and the env disagree",
      { env: { IXJOB_INDEX: '1', JOB_COMPLETION_INDEX: '2' } },
      {
        kind: 'config',
        message:
          'two sources disagree on the index: IXJOB_INDEX says 1, JOB_COMPLETION_INDEX says 2',
      },
    ],
    [
      "a shim's count and a scheduler's disagree",
      {
        env: {
          IXJOB_INDEX: '1',
          IXJOB_COUNT: '3',
          CLOUD_RUN_TASK_INDEX: '1',
          CLOUD_RUN_TASK_COUNT: '4',
        },
      },
      { kind: 'config' },
    ],
    [
      'two schedulers disagree',
      { env: { AWS_BATCH_JOB_ARRAY_INDEX: '1', NOMAD_ALLOC_INDEX: '0' } },
      {
        kind: 'config',
        message:
          'two sources disagree on the index: AWS_BATCH_JOB_ARRAY_INDEX says 1, NOMAD_ALLOC_INDEX says 0',
      },
    ],
    [
      'two counts disagree',
      {
        env: {
          AWS_BATCH_JOB_ARRAY_INDEX: '1',
          AWS_BATCH_JOB_ARRAY_SIZE: '4',
          BATCH_TASK_INDEX: '1',
          BATCH_TASK_COUNT: '5',
        },
      },
      {
        kind: 'config',
        message:
          'two sources disagree on the count: AWS_BATCH_JOB_ARRAY_INDEX says 4, BATCH_TASK_INDEX says 5',
      },
    ],
    [
      'index beyond the count',
      { env: { CLOUD_RUN_TASK_INDEX: '4', CLOUD_RUN_TASK_COUNT: '4' } },
      {
        kind: 'config',
        message: 'index 4 is outside the 4 indexes CLOUD_RUN_TASK_INDEX gives',
        where: 'CLOUD_RUN_TASK_INDEX',
      },
    ],
    [
      'a bad --index is a usage error',
      { index: '-1' },
      {
        kind: 'usage',
        message: '--index is not a non-negative whole number: "-1"',
        where: '--index',
      },
    ],
    [
      'a bad env index is a config error',
      { env: { JOB_COMPLETION_INDEX: 'x' } },
      { kind: 'config', where: 'JOB_COMPLETION_INDEX' },
    ],
    ['a fraction', { env: { JOB_COMPLETION_INDEX: '1.5' } }, { kind: 'config' }],
    [
      'beyond safe integers',
      { env: { JOB_COMPLETION_INDEX: '9007199254740993' } },
      { kind: 'config' },
    ],
    [
      'Slurm list arrays have no position',
      {
        env: {
          SLURM_ARRAY_TASK_ID: '5',
          SLURM_ARRAY_TASK_MIN: '1',
          SLURM_ARRAY_TASK_MAX: '6',
          SLURM_ARRAY_TASK_STEP: '1',
          SLURM_ARRAY_TASK_COUNT: '3',
        },
      },
      { kind: 'config', where: 'SLURM_ARRAY_TASK_COUNT' },
    ],
    [
      'Slurm without a minimum',
      { env: { SLURM_ARRAY_TASK_ID: '5' } },
      { kind: 'config', where: 'SLURM_ARRAY_TASK_MIN' },
    ],
    [
      'Slurm id off its step',
      { env: { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_STEP: '2' } },
      { kind: 'config', where: 'SLURM_ARRAY_TASK_ID' },
    ],
    [
      'a named podinfo path that is missing',
      { podinfo: '/nope' },
      { kind: 'noinput', where: '--podinfo' },
    ],
    [
      'IXJOB_PODINFO that is missing',
      { env: { IXJOB_PODINFO: '/nope' } },
      { kind: 'noinput', where: 'IXJOB_PODINFO' },
    ],
  ])('rejects: %s', (_name, input, expected) => {
    expect(() => find(input)).toThrow(expect.objectContaining(expected));
  });
});

/** Every place an index or count is read, each given `text` where a number belongs. */
const EVERY_SOURCE: [string, (text: string) => Case[1], string][] = [
  ['--index', (text) => ({ index: text }), 'usage'],
  ['JOB_COMPLETION_INDEX', (text) => ({ env: { JOB_COMPLETION_INDEX: text } }), 'config'],
  ['the podinfo annotation', (text) => ({ files: annotations({ [INDEX]: text }) }), 'data'],
  [
    'the podinfo failure count',
    (text) => ({ files: annotations({ [INDEX]: '1', [FAILURES]: text }) }),
    'data',
  ],
  ['a single-key podinfo file', (text) => ({ files: { '/pi': text }, podinfo: '/pi' }), 'data'],
  ['AWS Batch', (text) => ({ env: { AWS_BATCH_JOB_ARRAY_INDEX: text } }), 'config'],
  [
    'AWS Batch size',
    (text) => ({ env: { AWS_BATCH_JOB_ARRAY_INDEX: '1', AWS_BATCH_JOB_ARRAY_SIZE: text } }),
    'config',
  ],
  ['Cloud Run', (text) => ({ env: { CLOUD_RUN_TASK_INDEX: text } }), 'config'],
  ['Google Batch', (text) => ({ env: { BATCH_TASK_INDEX: text } }), 'config'],
  [
    'Slurm',
    (text) => ({ env: { SLURM_ARRAY_TASK_ID: text, SLURM_ARRAY_TASK_MIN: '0' } }),
    'config',
  ],
  [
    'Slurm minimum',
    (text) => ({ env: { SLURM_ARRAY_TASK_ID: '10', SLURM_ARRAY_TASK_MIN: text } }),
    'config',
  ],
  ['SGE', (text) => ({ env: { SGE_TASK_ID: text } }), 'config'],
  ['PBS', (text) => ({ env: { PBS_ARRAY_INDEX: text } }), 'config'],
  ['LSF', (text) => ({ env: { LSB_JOBINDEX: text } }), 'config'],
  ['Nomad', (text) => ({ env: { NOMAD_ALLOC_INDEX: text } }), 'config'],
];

describe('one canonical decimal form, wherever a number is read', () => {
  const forms = ['007', '01', '00', '+3', '-3', ' 3', '3 ', '3.0', '1e1', '0x1', '３'];
  test.each(
    EVERY_SOURCE.flatMap(([source, input, kind]) =>
      forms.map((text) => [source, JSON.stringify(text), input(text), kind] as const),
    ),
  )('%s refuses %s', (_source, _text, input, kind) => {
    expect(() => find(input)).toThrow(expect.objectContaining({ kind }));
  });

  test.each(EVERY_SOURCE)('%s takes 10 as written', (_source, input) => {
    expect(() => find(input('10'))).not.toThrow();
  });

  test('a leading zero is named as the problem', () => {
    expect(() => find({ index: '007' })).toThrow(
      '--index has a leading zero (indexes are written 0, 1, 2, … as Kubernetes writes them): "007"',
    );
  });
});
