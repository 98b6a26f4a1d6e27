import { fstatSync } from 'node:fs';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { readAt } from './open-file.ts';

/** Files up to this size are sampled whole. */
const WHOLE = 64 * 1024;
const BLOCKS = 32;
const BLOCK = 1024;

export interface ContentSample {
  size: number;
  bytes: Uint8Array;
}

/**
 * What a file's identity is judged by, read in O(1) however large the file: the whole file
 * when small, else 32 blocks of 1 KiB spread evenly from the first byte to the last. An edit
 * that keeps a large file's size and misses every block goes unseen (re-run `ixjob index`).
 */
export function contentSample(fd: number): ContentSample {
  const size = fstatSync(fd).size;
  if (size <= WHOLE) return { size, bytes: readAt(fd, 0, size) };
  const bytes = new Uint8Array(BLOCKS * BLOCK);
  for (let k = 0; k < BLOCKS; k++)
    bytes.set(readAt(fd, Math.floor((k * (size - BLOCK)) / (BLOCKS - 1)), BLOCK), k * BLOCK);
  return { size, bytes };
}

/** The sample's digest: what the spec digest (IXJOB_SPEC_SHA256) knows a file by. */
export function fingerprintOf(sample: ContentSample): string {
  const hash = sha256.create();
  hash.update(new TextEncoder().encode(`ixjob-fingerprint-1:${sample.size}:`));
  hash.update(sample.bytes);
  return bytesToHex(hash.digest());
}
