// npm run bench: every benchmark, each printed with its anchor measured in the same run.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hugeListBenchmarks } from './huge-lists.ts';
import { portableBinaryBenchmark } from './portable-binary.ts';
import { runThroughputBenchmark } from './run-throughput.ts';
import { startupBenchmark } from './startup.ts';

try {
  execFileSync('hyperfine', ['--version'], { stdio: 'ignore' });
} catch {
  console.error(
    'bench: hyperfine is missing (Debian package hyperfine; scripts/system-deps.sh installs it)',
  );
  process.exit(1);
}

// The portable binary is slow to build, so it is built only when missing; its output goes to
// stderr, keeping stdout one line per benchmark.
if (!existsSync(fileURLToPath(new URL('../dist/ixjob/bin/ixjob', import.meta.url)))) {
  execFileSync('npm', ['run', 'build:binary'], { stdio: ['ignore', 2, 2] });
}

for (const line of startupBenchmark()) console.log(line);
for (const line of portableBinaryBenchmark()) console.log(line);
for (const line of hugeListBenchmarks()) console.log(line);
for (const line of runThroughputBenchmark()) console.log(line);
