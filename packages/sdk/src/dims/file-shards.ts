// The namespace, not a named import: Node 20 lacks globSync, and the SDK's Node check must get to run there.

import type { Stats } from 'node:fs';
import * as fs from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { IxjobError } from '../failure/ixjob-error.ts';
import type { Dimension, Params } from '../spec/dimension.ts';
import { outsideItems } from '../spec/outside.ts';
import { assignShards, SHARD_STRATEGIES, type ShardStrategy } from '../worker/shards.ts';

export { SHARD_STRATEGIES, type ShardStrategy };

export interface FileShardsOptions {
  /** `--files`: a glob as `fs.globSync` reads it (`**`, `*`, `?`, `[…]`, `{a,b}`). */
  readonly pattern: string;
  /** `--shards`: how many shards, one per index. */
  readonly shards: number;
  readonly strategy: ShardStrategy;
  /** Relative patterns match, and their paths are given, relative to this directory. */
  readonly cwd: string;
  /** Told once per empty shard; the caller prints it. */
  readonly warn: (message: string) => void;
}

/** One matched file: its path as matched and its size in bytes. */
export interface MatchedFile {
  readonly path: string;
  readonly size: number;
}

/**
 * Splits files (sorted by path) into `shards` lists of positions into `files`, each list in
 * path order: the SDK's `shard()` assignment with file sizes as the `balanced` weights.
 */
export function splitIntoShards(
  files: readonly MatchedFile[],
  shards: number,
  strategy: ShardStrategy,
): number[][] {
  return assignShards(files.length, shards, strategy, (k) => (files[k] as MatchedFile).size);
}

/** Byte-wise (UTF-8) order, as `LC_ALL=C sort` and `ls` in the C locale list paths. */
function byPath(files: MatchedFile[]): MatchedFile[] {
  const keyed = files.map((file) => ({ file, key: Buffer.from(file.path) }));
  keyed.sort((a, b) => Buffer.compare(a.key, b.key));
  return keyed.map(({ file }) => file);
}

// The patterns that also list the directories `pattern` walks through (`a/x*/b/y` gives
// `a/x*/` and `a/x*/b/`): a trailing slash matches directories only, and the walk is shared.
function walkedDirectories(pattern: string): string[] {
  const parts = pattern.split('/');
  const out: string[] = [];
  for (let k = 1; k < parts.length; k++) {
    const prefix = parts.slice(0, k).join('/');
    if (/[*?[{]/.test(prefix)) out.push(`${prefix}/`);
  }
  return out;
}

/**
 * Node's glob decodes names as UTF-8 with U+FFFD for other bytes: such a name cannot be
 * opened, so its file (or a directory's whole subtree) would silently miss its shard.
 */
function refuseUndecodable(path: string, cwd: string): void {
  if (!path.includes('\uFFFD')) return;
  if (fs.lstatSync(resolve(cwd, path), { throwIfNoEntry: false }) !== undefined) return;
  throw new IxjobError(
    'data',
    `a name that is not valid UTF-8 (shown as ${JSON.stringify(path)}) cannot be listed byte for byte, so its files would miss their shard; rename it to UTF-8 (convmv -f latin1 -t utf8)`,
    '--files',
  );
}

/** Regular files the pattern matches; symlinks count by what they point at (ConfigMap volumes are symlinks). */
export function matchFiles(pattern: string, cwd: string): MatchedFile[] {
  let paths: string[];
  try {
    paths = fs.globSync([pattern, ...walkedDirectories(pattern)], { cwd });
  } catch (error) {
    throw new IxjobError(
      'noinput',
      `cannot list files for ${pattern}: ${String(error)}`,
      '--files',
      {
        cause: error,
      },
    );
  }
  const files: MatchedFile[] = [];
  for (const path of new Set(paths)) {
    refuseUndecodable(path, cwd);
    // A dangling symlink has no size and nothing to read: it is no file.
    const stat = statFile(resolve(cwd, path), path);
    if (stat?.isFile() !== true) continue;
    if (path.includes('\n')) {
      throw new IxjobError(
        'data',
        `${JSON.stringify(path)} has a newline in its name, which SHARD_FILES uses to separate paths`,
        '--files',
      );
    }
    files.push({ path, size: stat.size });
  }
  return byPath(files);
}

function statFile(full: string, path: string): Stats | undefined {
  try {
    return fs.statSync(full, { throwIfNoEntry: false });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new IxjobError('noinput', `cannot read ${path}: ${code}`, '--files', { cause: error });
  }
}

interface Matched {
  readonly files: readonly MatchedFile[];
  readonly shards: readonly (readonly number[])[];
}

/**
 * Shards of the files a glob matches (`--files GLOB --shards N [--strategy S]`), one per index
 * in shard order. Each record sets `SHARD_FILES` (the shard's paths, one per line, in path
 * order; relative to `cwd` unless the pattern is absolute) and `SHARD_FILE_COUNT`. Matching
 * happens on first use and is kept, so every call sees the same files.
 */
export function fileShards(options: FileShardsOptions): Dimension {
  const { pattern, shards, strategy, cwd, warn } = options;
  if (pattern === '') {
    throw new IxjobError('usage', '--files needs a glob pattern, like data/**/*.csv', '--files');
  }
  if (!Number.isSafeInteger(shards) || shards < 1) {
    throw new IxjobError('usage', `--shards must be a positive integer; got ${shards}`, '--shards');
  }
  // The type allows only these, but the value may come straight from a flag or a spec file.
  if (!SHARD_STRATEGIES.includes(strategy)) {
    throw new IxjobError(
      'usage',
      `--strategy must be one of ${SHARD_STRATEGIES.join(', ')}; got ${JSON.stringify(strategy)}`,
      '--strategy',
    );
  }
  const label = '--files';

  let outcome: { matched: Matched } | { error: unknown } | undefined;
  const matched = (): Matched => {
    if (outcome === undefined) {
      try {
        outcome = { matched: match() };
      } catch (error) {
        outcome = { error };
      }
    }
    if ('error' in outcome) throw outcome.error;
    return outcome.matched;
  };
  const match = (): Matched => {
    const files = matchFiles(pattern, cwd);
    if (files.length === 0) {
      const where = isAbsolute(pattern) ? '' : ` in ${cwd}`;
      throw new IxjobError('noinput', `no regular files match ${pattern}${where}`, label);
    }
    const split = splitIntoShards(files, shards, strategy);
    const matchedText = `${files.length} ${files.length === 1 ? 'file' : 'files'} matched`;
    split.forEach((list, shard) => {
      if (list.length === 0) warn(`shard ${shard} of ${shards} is empty: ${matchedText}`);
    });
    return { files, shards: split };
  };

  return {
    label,
    names: ['SHARD_FILES', 'SHARD_FILE_COUNT'],
    length: async () => matched().shards.length,
    async record(index: number): Promise<Params> {
      const { files, shards: split } = matched();
      const list = Number.isSafeInteger(index) ? split[index] : undefined;
      if (list === undefined) throw outsideItems(index, split.length, label);
      return {
        SHARD_FILES: list.map((k) => (files[k] as MatchedFile).path).join('\n'),
        SHARD_FILE_COUNT: String(list.length),
      };
    },
    // Paths and sizes, never contents: an added, removed or resized file changes it without reading data.
    async digest() {
      const { files } = matched();
      const head = `files:${JSON.stringify(pattern)}:${shards}:${strategy}`;
      return [head, ...files.map((f) => `${JSON.stringify(f.path)} ${f.size}`)].join('\n');
    },
  };
}
