import { fileURLToPath } from 'node:url';

/**
 * The seed's say-fruit and work lists 1–5 as `ixjob manifest` flags: their output is kept in
 * test/fixtures/manifests/NAME.yaml, checked current by golden-manifests.test.ts and validated
 * by the pinned release's API server in test/k8s/manifest.test.ts.
 */
export interface Golden {
  name: string;
  /** Where the work files are: `ixjob manifest` runs there. */
  cwd: string;
  args: string[];
}

const at = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
export const GOLDEN_DIR = at('test/fixtures/manifests');
const SEEDS = at('test/fixtures/seeds');
const IMAGE = ['--image', 'registry.example/app:1.0', '--shim-image', 'ghcr.io/ixjob/shim:0.1.0'];
const BLENDER = ['./blender', '/vol1/mymodel.blend', '-o', '/vol2/frame_####'];

export const GOLDEN: Golden[] = [
  {
    name: 'say-fruit',
    cwd: at('examples/say-fruit'),
    args: [
      ...IMAGE,
      '--per-completion-env',
      'FRUIT=@fruits.txt',
      '--per-completion-env',
      'COLOR=@colors.txt',
      '--',
      'sh',
      '-c',
      'echo "Have a nice $(COLOR) $(FRUIT)"',
    ],
  },
  {
    name: 'work-list-1',
    cwd: SEEDS,
    args: [
      ...IMAGE,
      '--per-completion-env',
      'F=@files-to-process.txt',
      '--',
      '/usr/local/bin/process_file',
      '$(F)',
    ],
  },
  // Whole command lines: no command after `--`, each line runs under /bin/sh -c.
  { name: 'work-list-2', cwd: SEEDS, args: [...IMAGE, '--commands', '@matrix-commandlines.txt'] },
  {
    name: 'work-list-3',
    cwd: GOLDEN_DIR,
    args: [
      ...IMAGE,
      '--csv',
      'commits.csv',
      '--',
      'sh',
      '-c',
      'git checkout $(HASH) && make clean && make VERSION=$(HASH)',
    ],
  },
  {
    name: 'work-list-4',
    cwd: SEEDS,
    args: [...IMAGE, '--frames', '1-3', '--', ...BLENDER, '-f', '$(START_FRAME)'],
  },
  {
    name: 'work-list-5',
    cwd: SEEDS,
    args: [
      ...IMAGE,
      '--frames',
      '1-300',
      '--chunk',
      '100',
      '--',
      ...BLENDER,
      '--frame-start',
      '$(START_FRAME)',
      '--frame-end',
      '$(END_FRAME)',
    ],
  },
];
