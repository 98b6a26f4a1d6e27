import { stringify } from 'yaml';

/**
 * What `kubectl apply -f -` reads: a YAML stream, one document per object, or with `-o json`
 * a `v1` List. Strings that YAML would read as something else are quoted by the writer.
 */
export function renderManifest(
  documents: readonly Record<string, unknown>[],
  format: 'yaml' | 'json',
): string {
  if (format === 'json')
    return `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: documents }, null, 2)}\n`;
  // kubectl reads YAML 1.1, where yes, no, on and off are booleans: written so, they are quoted.
  return documents
    .map((document) => `---\n${stringify(document, { lineWidth: 0, version: '1.1' })}`)
    .join('');
}
