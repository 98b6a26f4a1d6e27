import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { BUILD_SCRIPT } from '../support/build-once.ts';

// The tests assume no Docker engine: the image is checked by what it would copy and run.
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const text = (path: string): string => readFileSync(join(REPO, path), 'utf8');

interface Instruction {
  keyword: string;
  /** `--name=value` options before the arguments (COPY --from, RUN --mount, ...). */
  flags: Record<string, string>;
  /** Exec form (JSON array) or whitespace-separated words; RUN's shell form is one string. */
  args: string[];
  execForm: boolean;
  line: number;
}

/** Instructions with their continuation lines joined, numbered by their first line. */
function parseDockerfile(source: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending = '';
  let start = 0;
  for (const [index, raw] of source.split('\n').entries()) {
    const line = raw.trim();
    // Docker drops blank and comment lines, also between the lines of one instruction.
    if (line === '' || line.startsWith('#')) continue;
    if (pending === '') start = index + 1;
    const continued = /\\\s*$/.test(raw);
    pending += `${continued ? raw.replace(/\\\s*$/, '') : raw} `;
    if (continued) continue;
    instructions.push(instruction(pending.trim(), start));
    pending = '';
  }
  if (pending !== '') instructions.push(instruction(pending.trim(), start));
  return instructions;
}

const FLAG = /^--([\w-]+)=(\S*)\s*/;

function instruction(whole: string, line: number): Instruction {
  const keyword = whole.split(/\s+/)[0] ?? '';
  let body = whole.slice(keyword.length).trim();
  const flags: Record<string, string> = {};
  for (let flag = FLAG.exec(body); flag; flag = FLAG.exec(body)) {
    flags[flag[1] ?? ''] = flag[2] ?? '';
    body = body.slice(flag[0].length);
  }
  const upper = keyword.toUpperCase();
  if (body.startsWith('['))
    return { keyword: upper, flags, args: JSON.parse(body), execForm: true, line };
  const args = upper === 'RUN' ? [body.replace(/\s+/g, ' ')] : body.split(/\s+/).filter(Boolean);
  return { keyword: upper, flags, args, execForm: false, line };
}

interface Stage {
  image: string;
  name: string | undefined;
  instructions: Instruction[];
}

function stages(instructions: Instruction[]): Stage[] {
  const found: Stage[] = [];
  for (const each of instructions) {
    if (each.keyword === 'FROM') {
      const [image = '', as, name] = each.args;
      found.push({ image, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else found.at(-1)?.instructions.push(each);
  }
  return found;
}

/** The directory an instruction of `stage` runs in: its last WORKDIR before `index`, or `/`. */
const workdirAt = (stage: Stage, index: number): string =>
  stage.instructions
    .slice(0, index)
    .filter((each) => each.keyword === 'WORKDIR')
    .reduce((dir, each) => posix.resolve(dir, each.args[0] ?? ''), '/');

/** A .dockerignore line as a matcher of context paths; a directory's match covers its contents. */
function ignoreRule(pattern: string): { negate: boolean; matches: (path: string) => boolean } {
  const negate = pattern.startsWith('!');
  const clean = posix.normalize(pattern.slice(negate ? 1 : 0).trim()).replace(/^\/+/, '');
  const source = clean
    .split(/(\*\*\/|\*\*|\*|\?)/)
    .map((part) =>
      part === '**/'
        ? '(?:.*/)?'
        : part === '**'
          ? '.*'
          : part === '*'
            ? '[^/]*'
            : part === '?'
              ? '[^/]'
              : part.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  const regex = new RegExp(`^${source}(?:/.*)?$`);
  return { negate, matches: (path) => regex.test(path) };
}

/** Whether the build context leaves `path` out, the last matching rule deciding. */
function ignoredBy(dockerignore: string): (path: string) => boolean {
  const rules = dockerignore
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map(ignoreRule);
  return (path) =>
    rules.reduce((ignored, rule) => (rule.matches(path) ? !rule.negate : ignored), false);
}

/** The commands of a shell line joined by `&&`, one string each. */
const commands = (line: string): string[] =>
  line
    .split('&&')
    .map((command) => command.trim().replace(/\s+/g, ' '))
    .filter(Boolean);

describe('the Dockerfile parser of this test', () => {
  test.each<[string, string, Partial<Instruction>[]]>([
    ['one instruction', 'FROM scratch', [{ keyword: 'FROM', args: ['scratch'], line: 1 }]],
    [
      'a continuation with a comment line inside',
      'RUN a \\\n# note\n && b\nCOPY x y',
      [
        { keyword: 'RUN', args: ['a && b'], line: 1 },
        { keyword: 'COPY', args: ['x', 'y'], line: 4 },
      ],
    ],
    [
      'flags and the exec form',
      'copy --from=build /a /b\nENTRYPOINT ["/x", "a b"]',
      [
        { keyword: 'COPY', flags: { from: 'build' }, args: ['/a', '/b'], execForm: false },
        { keyword: 'ENTRYPOINT', args: ['/x', 'a b'], execForm: true },
      ],
    ],
    [
      'blank lines and comments',
      '# c\n\nFROM a AS b\n',
      [{ keyword: 'FROM', args: ['a', 'AS', 'b'] }],
    ],
  ])('%s', (_name, source, expected) => {
    expect(parseDockerfile(source)).toMatchObject(expected);
  });

  test.each<[string, string, boolean]>([
    ['dist', 'dist/ixjob/BUNDLE', true],
    ['**/dist', 'dist/ixjob/BUNDLE', true],
    ['**/dist', 'packages/shim/dist/ixjob.cjs', true],
    ['**/dist', 'packages/shim/distant', false],
    ['dist', 'packages/shim/dist/ixjob.cjs', false],
    ['*.md', 'README.md', true],
    ['*.md', 'docs/a.md', false],
    ['/scripts', 'scripts/system-deps.sh', true],
  ])('.dockerignore %s on %s: %s', (pattern, path, ignored) => {
    expect(ignoredBy(pattern)(path)).toBe(ignored);
  });

  test('a later ! rule brings a path back', () => {
    expect(ignoredBy('scripts\n!scripts/system-deps.sh')('scripts/system-deps.sh')).toBe(false);
  });
});

describe('Dockerfile.shim', () => {
  const [build, final, ...more] = stages(parseDockerfile(text('Dockerfile.shim')));
  const ignored = ignoredBy(text('.dockerignore'));
  /** What a commit of this tree holds: the files a fresh clone (and so a build context) has. */
  const repoFiles = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: REPO,
      encoding: 'utf8',
    },
  )
    .split('\0')
    .filter((path) => path !== '' && existsSync(join(REPO, path)));

  test('has two stages, a build stage named build and a final FROM scratch', () => {
    expect(more).toEqual([]);
    expect(build?.name).toBe('build');
    expect(build?.image).toMatch(/^node:/);
    expect(final?.image).toBe('scratch');
    // Nothing of the build stage may run in the final one: scratch has no shell.
    expect(final?.instructions.filter((each) => each.keyword === 'RUN')).toEqual([]);
  });

  test('every COPY from the context names sources that exist and the context keeps', () => {
    const copies = [build, final].flatMap((stage) =>
      (stage?.instructions ?? []).filter(
        (each) => each.keyword === 'COPY' && !('from' in each.flags),
      ),
    );
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      for (const source of copy.args.slice(0, -1)) {
        const path = posix.normalize(source).replace(/^\/+/, '');
        expect(existsSync(join(REPO, path)), `${source} (line ${copy.line})`).toBe(true);
        if (path !== '.') expect(ignored(path), `${source} (line ${copy.line})`).toBe(false);
        const inside = repoFiles.filter(
          (file) => path === '.' || file === path || file.startsWith(`${path}/`),
        );
        expect(inside.filter(ignored), `ignored under ${source}`).toEqual([]);
      }
    }
  });

  test('the build context holds what the build reads and leaves out the host build outputs', () => {
    const needed = [
      'package.json',
      'package-lock.json',
      'tsconfig.base.json',
      'scripts/system-deps.sh',
      'scripts/build-shim.ts',
      'scripts/build-binary.ts',
      'packages/shim/binary/launcher.c',
      'packages/shim/package.json',
      'packages/sdk/package.json',
    ];
    expect(needed.filter((path) => !repoFiles.includes(path))).toEqual([]);
    expect(needed.filter(ignored)).toEqual([]);
    // Machine-specific and rebuilt by the stage itself: a stale copy must not ride along.
    for (const path of [
      'node_modules/x',
      'packages/shim/node_modules/x',
      'dist/ixjob/BUNDLE',
      'packages/shim/dist/ixjob.cjs',
    ])
      expect(ignored(path), path).toBe(true);
  });

  test('COPY --from=build takes what build:binary writes, and the ENTRYPOINT lands on the launcher', () => {
    if (!build || !final) throw new Error('Dockerfile.shim needs two stages');
    // Where `COPY . <dest>` put the repository in the build stage.
    const index = build.instructions.findIndex(
      (each) => each.keyword === 'COPY' && each.args[0] === '.',
    );
    expect(index).toBeGreaterThanOrEqual(0);
    const repoInImage = posix.resolve(
      workdirAt(build, index),
      build.instructions[index]?.args.at(-1) ?? '',
    );
    const produced = /const out = `\$\{root\}([^`]+)`/.exec(text('scripts/build-binary.ts'))?.[1];
    expect(produced).toBe('dist/ixjob');

    const fromBuild = final.instructions.filter(
      (each) => each.keyword === 'COPY' && each.flags.from === 'build',
    );
    expect(fromBuild).toHaveLength(1);
    const [source = '', destination = ''] = fromBuild[0]?.args ?? [];
    expect(posix.isAbsolute(source)).toBe(true);
    const inRepo = posix.relative(repoInImage, source);
    expect(inRepo).toBe(produced);
    expect(existsSync(join(REPO, inRepo, 'BUNDLE'))).toBe(true);

    const entrypoint = final.instructions.filter((each) => each.keyword === 'ENTRYPOINT');
    expect(entrypoint).toHaveLength(1);
    // Shell form would need /bin/sh, which scratch lacks.
    expect(entrypoint[0]?.execForm).toBe(true);
    const program = entrypoint[0]?.args[0] ?? '';
    expect(program.startsWith(`${destination}/`)).toBe(true);
    const launcher = join(REPO, inRepo, posix.relative(destination, program));
    expect(statSync(launcher).isFile()).toBe(true);
    expect(statSync(launcher).mode & 0o111).toBe(0o111);
  });

  test("the build stage runs CI's commands: system-deps.sh, npm ci, and the tests' build", () => {
    const run = (build?.instructions ?? [])
      .filter((each) => each.keyword === 'RUN')
      .flatMap((each) => commands(each.args[0] ?? ''));
    expect(run).toEqual(['sh scripts/system-deps.sh binary', 'npm ci', 'npm run build:binary']);

    const ci = text('.ci/run')
      .split('\n')
      .filter((line) => !line.trim().startsWith('#'))
      .flatMap(commands);
    const systemDeps = ci.find((command) => command.includes('system-deps.sh'));
    expect(systemDeps).toBeDefined();
    expect(run[0]).toBe(`${systemDeps} binary`);
    expect(ci).toContain('npm ci');

    // Vitest's global setup builds what the end-to-end tests run; the image must ship the same.
    expect(`npm run ${BUILD_SCRIPT}`).toBe(run[2]);
  });

  test("system-deps.sh's binary set is part of the full set CI installs", () => {
    const script = text('scripts/system-deps.sh');
    const binary = /^BINARY="([^"]*)"/m.exec(script)?.[1]?.split(/\s+/) ?? [];
    const full = /^PACKAGES="([^"]*)"/m.exec(script)?.[1]?.split(/\s+/) ?? [];
    expect(binary.length).toBeGreaterThan(0);
    const expanded = full.flatMap((word) => (word === '$BINARY' ? binary : [word]));
    expect(binary.filter((name) => !expanded.includes(name))).toEqual([]);
  });
});
