import { buildHarness, harnessUnavailable } from './cluster.ts';
import { hostMountPoints } from './host-pods.ts';

/**
 * Vitest global setup: the long first Go build happens here, outside every test's timeout; and
 * the mount points pods of image "host" need, made once for every test file and removed after.
 */
export default function buildK8sHarness(): (() => void) | undefined {
  const reason = harnessUnavailable();
  if (reason !== undefined) {
    process.stderr.write(`\n*** ixjob k8s harness not built: ${reason} ***\n`);
    if (process.env.IXJOB_REQUIRE_K8S === '1') throw new Error(`IXJOB_REQUIRE_K8S=1: ${reason}`);
    return undefined;
  }
  const seconds = buildHarness();
  process.stderr.write(`ixjob k8s harness: go build took ${seconds.toFixed(1)}s\n`);
  return hostMountPoints();
}
