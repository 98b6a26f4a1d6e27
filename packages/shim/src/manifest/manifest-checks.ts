import { IxjobError, type JobDefinition, podFailurePolicyOf } from '@ixjob/sdk/internal';

/** A DNS-1123 label: what a pod's hostname and a label value must be. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MAX_LABEL = 63;
/** The API server's cap on completions with `backoffLimitPerIndex`. */
const MAX_PER_INDEX_COMPLETIONS = 100_000;

/**
 * What the API server would refuse, refused here with one line (64) before anything is
 * printed: a name that makes a pod's hostname (`NAME-INDEX`) too long or not a DNS label,
 * `OnFailure` with rules only `Never` allows, and policy rules batch/v1 rejects.
 */
export function checkManifest(
  job: JobDefinition,
  completions: number,
  restart: 'Never' | 'OnFailure',
  peers = false,
): void {
  const fail = (message: string, where: string): never => {
    throw new IxjobError('usage', message, where);
  };
  const hostname = `${job.name}-${completions - 1}`;
  if (!DNS_LABEL.test(job.name)) {
    fail(
      `the Job name '${job.name}' must be lower-case letters, digits and '-', starting and ending with a letter or digit`,
      'NAME',
    );
  }
  // The peers' Service is named after the Job, and a Service name is a DNS-1035 label.
  if (peers && !/^[a-z]/.test(job.name)) {
    fail(
      `with --peers the Job name '${job.name}' names its Service too, and a Service name must start with a letter`,
      'NAME',
    );
  }
  if (hostname.length > MAX_LABEL) {
    fail(
      `the Job name '${job.name}' is too long: its last pod's hostname ${hostname} would be ${hostname.length} characters, past ${MAX_LABEL}`,
      'NAME',
    );
  }
  const rules = podFailurePolicyOf(job);
  if (restart === 'OnFailure' && rules.length > 0) {
    fail(
      job.podFailurePolicy === undefined
        ? "a pod failure policy needs --restart Never, and ixjob's default has one: --pod-failure-policy none to drop it"
        : 'a pod failure policy needs --restart Never',
      '--restart',
    );
  }
  if (restart === 'OnFailure' && job.backoffLimitPerIndex !== undefined)
    fail('--backoff-limit-per-index needs --restart Never', '--restart');
  if (job.maxFailedIndexes !== undefined && job.backoffLimitPerIndex === undefined)
    fail('--max-failed-indexes needs --backoff-limit-per-index', '--max-failed-indexes');
  if (job.maxFailedIndexes !== undefined && job.maxFailedIndexes > completions)
    fail(
      `--max-failed-indexes ${job.maxFailedIndexes} is more than the ${completions} indexes`,
      '--max-failed-indexes',
    );
  if (job.backoffLimitPerIndex !== undefined && completions > MAX_PER_INDEX_COMPLETIONS)
    fail(
      `--backoff-limit-per-index allows at most ${MAX_PER_INDEX_COMPLETIONS} indexes, this job has ${completions}`,
      '--backoff-limit-per-index',
    );
  for (const rule of rules) {
    if (rule.action === 'FailIndex' && job.backoffLimitPerIndex === undefined)
      fail('FailIndex needs --backoff-limit-per-index', '--pod-failure-policy');
    if (rule.onExitCodes.operator === 'In' && rule.onExitCodes.values.includes(0))
      fail('a rule on exit codes In may not list 0', '--pod-failure-policy');
  }
}
