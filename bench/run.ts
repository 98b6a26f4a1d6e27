// npm run bench (after building the shim and the binary from the sources): every benchmark,
// each printed with its anchor measured in the same run.
import { execFileSync } from 'node:child_process';
import { byteRangeBenchmarks } from './byte-ranges.ts';
import { hugeListBenchmarks } from './huge-lists.ts';
import { portableBinaryBenchmark } from './portable-binary.ts';
import { runThroughputBenchmark } from './run-throughput.ts';
import { sdkImportBenchmark } from './sdk-import.ts';
import { startupBenchmark } from './startup.ts';

try {
  execFileSync('hyperfine', ['--version'], { stdio: 'ignore' });
} catch {
  console.error(
    'bench: hyperfine is missing (Debian package hyperfine; scripts/system-deps.sh installs it)',
  );
  process.exit(1);
}

for (const line of startupBenchmark()) console.log(line);
for (const line of portableBinaryBenchmark()) console.log(line);
for (const line of hugeListBenchmarks()) console.log(line);
for (const line of runThroughputBenchmark()) console.log(line);
for (const line of sdkImportBenchmark()) console.log(line);
for (const line of byteRangeBenchmarks()) console.log(line);
