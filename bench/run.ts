// npm run bench: every benchmark, each printed with its anchor measured in the same run.
import { execFileSync } from 'node:child_process';
import { hugeListBenchmarks } from './huge-lists.ts';
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

console.log(startupBenchmark());
for (const line of hugeListBenchmarks()) console.log(line);
for (const line of runThroughputBenchmark()) console.log(line);
