import { EXIT_CODES, exitCodeFor, formatFailure, isIxjobError } from '@ixjob/sdk/internal';
import { kubectlIxjob } from '../kubectl/kubectl-ixjob.ts';

// The plugin's one exit: everything below returns a code or throws an IxjobError.
kubectlIxjob(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (isIxjobError(error) && process.env.IXJOB_DEBUG !== '1') {
      process.stderr.write(`${formatFailure(error)}\n`);
      process.exitCode = exitCodeFor(error.kind);
      return;
    }
    const detail = error instanceof Error ? error.stack : String(error);
    process.stderr.write(`ixjob: internal error: ${detail}\n`);
    process.exitCode = EXIT_CODES.internal;
  },
);
