/** The label the Job controller puts on each of its pods. */
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';

/**
 * The headless Service that gives each pod of the Job a DNS name, `NAME-INDEX.NAME`: no
 * cluster IP, and addresses published before the pods are ready, so peers can find each
 * other while they start.
 */
export function peersService(job: string, namespace?: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: namespace === undefined ? { name: job } : { name: job, namespace },
    spec: {
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: { [JOB_NAME_LABEL]: job },
    },
  };
}
