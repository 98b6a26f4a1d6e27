import { IxjobError } from '../failure/ixjob-error.ts';
import type { Files } from '../io/files.ts';
import type { ReadCap } from '../io/read-capped.ts';
import { parseDecimal, type SourceFacts } from '../locate/reading.ts';
import { COMPLETION_INDEX_KEY, FAILURE_COUNT_KEY } from './keys.ts';
import { parsePodinfoMap } from './podinfo-map.ts';

// Not `import … from 'node:path'`: a builtin's ESM facade costs a worker start-up time.
const { join } = process.getBuiltinModule('node:path');

/** Whole-map files, customarily mounted as `/etc/podinfo/annotations` and `/etc/podinfo/labels`. */
const MAP_FILES = ['annotations', 'labels'] as const;
/** Single-key items (`metadata.annotations['…']`) hold the bare value; these names say which. */
const SINGLE_KEY_FILES = {
  'job-completion-index': 'index',
  'job-index-failure-count': 'attempt',
} as const;

type Role = 'index' | 'attempt';

/**
 * A kubelet writes at most Kubernetes' 256 KiB of annotations (keys and values), which Go's
 * quoting (`\xHH`, 4 bytes per byte) and `k=""` lines make at most about 1.25 MiB, and labels
 * live within the 1.5 MiB an object may take in etcd: 4 MiB holds either with room to spare.
 */
export const PODINFO_CAP: ReadCap = {
  bytes: 4 << 20,
  what: 'a downward-API file',
  hint: 'Kubernetes writes at most 256 KiB of annotations (about 1.25 MiB quoted)',
};

const BARE_VALUE = /^[0-9]+\n?$/;
const utf8 = new TextDecoder();
const none = (): SourceFacts => ({ indexes: [], attempts: [] });

function merge(into: SourceFacts, from: SourceFacts): void {
  into.indexes.push(...from.indexes);
  into.attempts.push(...from.attempts);
}

function bareValue(file: string, text: string, role: Role): SourceFacts {
  const value = parseDecimal(text.trimEnd(), `the value in ${file}`, 'data', file);
  return role === 'index'
    ? { indexes: [{ source: file, index: value, where: file }], attempts: [] }
    : { indexes: [], attempts: [{ attempt: value, where: file }] };
}

/** One file: a whole map in the kubelet's format, or a single-key item holding the bare value. */
function readFile(file: string, bareRole: Role, files: Files): SourceFacts {
  const bytes = files.read(file, PODINFO_CAP);
  const text = utf8.decode(bytes);
  if (BARE_VALUE.test(text)) return bareValue(file, text, bareRole);
  const map = parsePodinfoMap(bytes, file);
  const facts = none();
  const index = map.get(COMPLETION_INDEX_KEY);
  if (index !== undefined) {
    const where = `${file}:${index.line}`;
    const value = parseDecimal(utf8.decode(index.value), COMPLETION_INDEX_KEY, 'data', where);
    facts.indexes.push({ source: file, index: value, where });
  }
  const failures = map.get(FAILURE_COUNT_KEY);
  if (failures !== undefined) {
    const where = `${file}:${failures.line}`;
    const value = parseDecimal(utf8.decode(failures.value), FAILURE_COUNT_KEY, 'data', where);
    facts.attempts.push({ attempt: value, where });
  }
  return facts;
}

/**
 * Reads the downward-API files at `path`: a directory holding `annotations` and/or `labels`
 * (and single-key items named after their key), or one file. Files are symlinks into the
 * kubelet's `..data/`, which reading through the path follows. A missing default path is
 * simply no source; a missing path that `namedBy` (a flag or variable) names is an error.
 */
export function readPodinfo(path: string, namedBy: string | undefined, files: Files): SourceFacts {
  const kind = files.kind(path);
  if (kind === 'missing') {
    if (namedBy === undefined) return none();
    throw new IxjobError('noinput', `no downward-API file or directory at ${path}`, namedBy);
  }
  if (kind === 'file') return readFile(path, 'index', files);
  const facts = none();
  let found = false;
  const roles: [string, Role][] = [
    ...MAP_FILES.map((name): [string, Role] => [name, 'index']),
    ...Object.entries(SINGLE_KEY_FILES),
  ];
  for (const [name, role] of roles) {
    const file = join(path, name);
    const kind = files.kind(file);
    if (kind === 'dir')
      throw new IxjobError('noinput', `${file} is a directory, not a downward-API file`, file);
    if (kind === 'missing') continue;
    found = true;
    merge(facts, readFile(file, role, files));
  }
  if (namedBy !== undefined && !found) {
    throw new IxjobError(
      'noinput',
      `${path} holds no annotations or labels file from the downward API`,
      namedBy,
    );
  }
  return facts;
}
