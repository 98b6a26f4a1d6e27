import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { IxjobError } from '../failure/ixjob-error.ts';
import { agreeCount } from '../job/agree-count.ts';
import { checkRenames, productLength } from './combine-checks.ts';
import type { Dimension, Params } from './dimension.ts';
import { outsideItems } from './outside.ts';

export type Combine = 'zip' | 'product';

/** A built work spec: its dimensions, how they combine, and the names they export as. */
export interface WorkSpec {
  combine: Combine;
  dimensions: readonly Dimension[];
  /** Variable renames (`FRUIT` → `F`), applied to every record. */
  rename: Readonly<Record<string, string>>;
  /** An expected count (`--completions N`, a spec file's own): the spec's length must be exactly this. */
  completions?: number | undefined;
  /** Where the expected count comes from, for messages [default: `--completions`]. */
  completionsWhere?: string | undefined;
  /** Names the spec in messages: its file, or its single dimension. */
  label: string;
}

export interface Resolved {
  params: Params;
  /** The number of indexes, when resolving needed it or it cost nothing. */
  count: number | undefined;
  digest: string;
}

/** Variables ixjob sets itself; a parameter may not take their names. */
const RESERVED = /^(JOB_COMPLETION_INDEX|IXJOB_.*)$/;

async function lengths(dimensions: readonly Dimension[]): Promise<number[]> {
  return Promise.all(dimensions.map((dimension) => dimension.length()));
}

/**
 * The number of indexes: zip needs equal lengths (the seed's rule for repeated
 * `--per-completion-env`), product multiplies them.
 */
export async function specLength(spec: WorkSpec): Promise<number> {
  const sizes = await lengths(spec.dimensions);
  if (spec.combine === 'product') return productLength(sizes, spec.dimensions);
  const [first, ...rest] = spec.dimensions;
  for (const [i, other] of rest.entries()) {
    if (sizes[i + 1] !== sizes[0]) {
      throw new IxjobError(
        'data',
        `zip needs lists of one length: ${first?.label} has ${sizes[0]} items, ${other.label} has ${sizes[i + 1]}`,
        `${first?.label}, ${other.label}`,
      );
    }
  }
  return sizes[0] ?? 0;
}

/** The spec's length, which an expected count, when given, must equal. */
export async function checkedLength(spec: WorkSpec): Promise<number> {
  const count = await specLength(spec);
  if (spec.completions !== undefined) {
    agreeCount([
      { count: spec.completions, where: spec.completionsWhere ?? '--completions' },
      { count, where: spec.label },
    ]);
  }
  return count;
}

/** Record `index` of a spec of zip with one dimension needs no length at all. */
const needsLength = (spec: WorkSpec): boolean =>
  spec.dimensions.length > 1 || spec.completions !== undefined;

function renamed(spec: WorkSpec, records: readonly Params[]): Params {
  checkRenames(spec.rename, records, spec.label);
  const params: Record<string, string> = {};
  const from = new Map<string, string>();
  for (const [i, record] of records.entries()) {
    for (const [key, value] of Object.entries(record)) {
      const name = spec.rename[key] ?? key;
      const label = spec.dimensions[i]?.label ?? '';
      if (RESERVED.test(name))
        throw new IxjobError(
          'usage',
          `${name} is set by ixjob itself: rename the parameter`,
          label,
        );
      const earlier = from.get(name);
      if (earlier !== undefined) {
        const who = earlier === label ? `two dimensions (${label})` : `${earlier} and ${label}`;
        throw new IxjobError(
          'usage',
          `${who} both set ${name}: rename one of them`,
          `${earlier}, ${label}`,
        );
      }
      from.set(name, label);
      params[name] = value;
    }
  }
  return params;
}

const digests = new WeakMap<WorkSpec, Promise<string>>();

/** The digest of the spec's whole content, the same for every index (IXJOB_SPEC_SHA256); worked out once per spec. */
export function specDigest(spec: WorkSpec): Promise<string> {
  let digest = digests.get(spec);
  if (!digest) {
    digest = computeDigest(spec);
    digests.set(spec, digest);
  }
  return digest;
}

async function computeDigest(spec: WorkSpec): Promise<string> {
  const parts = await Promise.all(spec.dimensions.map((dimension) => dimension.digest()));
  const canonical = JSON.stringify({
    combine: spec.combine,
    rename: Object.entries(spec.rename).sort(),
    parts,
  });
  return bytesToHex(sha256(new TextEncoder().encode(canonical)));
}

/**
 * Record `index` of the spec: zip takes record `index` of every dimension; product is
 * row-major, the last dimension varying fastest. Reads no further into files than needed.
 */
export async function resolveIndex(spec: WorkSpec, index: number): Promise<Resolved> {
  if (spec.dimensions.length === 0)
    throw new IxjobError('usage', 'the work spec has no dimensions');
  let count: number | undefined;
  if (needsLength(spec)) {
    count = await checkedLength(spec);
    if (index >= count) throw outsideItems(index, count, spec.label);
  }
  let records: Params[];
  if (spec.combine === 'zip' || spec.dimensions.length === 1) {
    records = await Promise.all(spec.dimensions.map((dimension) => dimension.record(index)));
  } else {
    const sizes = await lengths(spec.dimensions);
    let rest = index;
    const positions = sizes.map(() => 0);
    for (let d = sizes.length - 1; d >= 0; d--) {
      const size = sizes[d] ?? 1;
      positions[d] = rest % size;
      rest = Math.floor(rest / size);
    }
    records = await Promise.all(
      spec.dimensions.map((dimension, d) => dimension.record(positions[d] ?? 0)),
    );
  }
  const [only] = spec.dimensions;
  if (count === undefined && only)
    count = only.lengthIfKnown ? await only.lengthIfKnown() : await only.length();
  return { params: renamed(spec, records), count, digest: await specDigest(spec) };
}
