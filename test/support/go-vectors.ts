import { readFileSync } from 'node:fs';

export interface GoVectors {
  quote: { name: string; hex: string; quotedHex: string }[];
  unquote: { name: string; inputHex: string; ok: boolean; hex?: string }[];
  files: { name: string; entriesHex: Record<string, string>; fileHex: string }[];
}

export const GO_VECTORS_PATH = new URL('../vectors/kubelet.json', import.meta.url);

/** Golden vectors printed by the kubelet's own code (test/k8s/cmd/kubelet-vectors; test/k8s checks they are current). */
export const goVectors = JSON.parse(readFileSync(GO_VECTORS_PATH, 'utf8')) as GoVectors;

export const fromHex = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));
