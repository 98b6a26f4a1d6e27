import {
  buildSpec,
  IxjobError,
  readSpecFile,
  resolveIndex,
  type SpecDefinition,
  type WorkSpec,
} from '@ixjob/sdk';

export interface ParamsRequest {
  spec?: SpecDefinition | undefined;
  specFile?: string | undefined;
  /** A spec already built (the local runner builds it once for every index). */
  workSpec?: WorkSpec | undefined;
  completions?: number | undefined;
  cwd: string;
  warn: (message: string) => void;
}

export interface ResolvedParams {
  params: Record<string, string>;
  digest: string;
  count: number | undefined;
  label: string;
}

/** Builds the work spec from flags or `--spec FILE`, with `--completions` reconciled. */
export async function loadWorkSpec(request: ParamsRequest): Promise<WorkSpec> {
  const definition = request.spec ?? (await readSpecFile(request.specFile ?? '', request.cwd));
  const spec = buildSpec(definition, { warn: request.warn });
  if (
    request.completions !== undefined &&
    definition.completions !== undefined &&
    request.completions !== definition.completions
  ) {
    throw new IxjobError(
      'usage',
      `--completions ${request.completions} disagrees with ${definition.completions} in ${spec.label}`,
      '--completions',
    );
  }
  spec.completions ??= request.completions;
  return spec;
}

/**
 * This index's parameters from the work spec. Loaded only when a spec is given, so a pod
 * that needs just its index never pays for the spec machinery.
 */
export async function resolveParams(
  request: ParamsRequest,
  index: number,
): Promise<ResolvedParams> {
  const spec = request.workSpec ?? (await loadWorkSpec(request));
  const resolved = await resolveIndex(spec, index);
  return {
    params: { ...resolved.params },
    digest: resolved.digest,
    count: resolved.count,
    label: spec.label,
  };
}
