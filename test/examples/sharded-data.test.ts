import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { EXAMPLES_DIR, runExample } from '../support/examples.ts';

const DIR = join(EXAMPLES_DIR, 'sharded-data');
const DATA = join(DIR, 'out', 'data');
const checkpoint = (job: string, index: number, name: string) =>
  join(DIR, '.ixjob', job, 'checkpoints', String(index), 'outputs', name);
const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

type Totals = Record<string, { orders: number; units: number; revenueCents: number }>;
interface Sale {
  region: string;
  category: string;
  units: number;
  price: number;
}

/** The single-process reference: every sale in one loop, keys sorted as the reduce sorts them. */
function reference(sales: Iterable<Sale>): { records: number; totals: Totals } {
  const totals: Totals = {};
  let records = 0;
  for (const { region, category, units, price } of sales) {
    const key = `${region}/${category}`;
    const group = totals[key] ?? { orders: 0, units: 0, revenueCents: 0 };
    totals[key] = group;
    group.orders++;
    group.units += units;
    group.revenueCents += units * price;
    records++;
  }
  const sorted = Object.entries(totals).sort(([a], [b]) => (a < b ? -1 : 1));
  return { records, totals: Object.fromEntries(sorted) };
}

/** The CSV files' sales, split by a quote-aware pattern (no field holds a line break). */
function* csvSales(): Generator<Sale> {
  const files = readdirSync(DATA).filter((name) => /^shard_\d+\.csv$/.test(name));
  expect(files).toHaveLength(12);
  for (const name of files) {
    for (const line of readFileSync(join(DATA, name), 'utf8').split('\n').slice(1, -1)) {
      const fields = [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].map((m) => m[1]);
      const [, , region, , category, units, price] = fields;
      expect(fields.length, line).toBeGreaterThanOrEqual(7);
      yield {
        region: `${region}`,
        category: `${category}`,
        units: +`${units}`,
        price: +`${price}`,
      };
    }
  }
}

function* jsonlSales(): Generator<Sale> {
  for (const line of readFileSync(join(DATA, 'sales.jsonl'), 'utf8').split('\n')) {
    if (line === '') continue;
    const sale = JSON.parse(line);
    yield { ...sale, price: sale.unit_price_cents };
  }
}

/** What the run printed and wrote matches the reference computed here. */
function expectReferenceResult(stdout: string): void {
  const expected = reference(csvSales());
  expect(expected.records).toBe(44_400);
  expect(reference(jsonlSales())).toEqual(expected);
  const result = json(checkpoint('sales-reduce', 0, 'result.jsonl'));
  expect({ records: result.records, totals: result.totals }).toEqual(expected);
  expect(Object.keys(expected.totals)).toHaveLength(24);
  const units = Object.values(expected.totals).reduce((sum, group) => sum + group.units, 0);
  expect(stdout).toMatch(new RegExp(`^total +44400 +${units} +[\\d,]+\\.\\d\\d$`, 'm'));
}

describe('sharded-data: map over files and byte ranges, then reduce', () => {
  test('the result equals a single-process computation; the byte ranges read the file once', () => {
    const run = runExample('sharded-data');
    expect(run.status, run.stderr).toBe(0);
    expectReferenceResult(run.stdout);
    expect(run.stderr).toMatch(/^ixjob: 4 succeeded, 0 failed of 4 in /m);
    const size = statSync(join(DATA, 'sales.jsonl')).size;
    const partials = [0, 1, 2, 3].map((i) => json(checkpoint('sales-range', i, 'partial.jsonl')));
    // Every index read its range (so at least the whole file), and at most 1 % more.
    const read = partials.reduce((sum, partial) => sum + partial.bytesRead, 0);
    expect(read).toBeGreaterThanOrEqual(size);
    expect(read).toBeLessThanOrEqual(size * 1.01);
    // The balanced file shards: no index has more than half the data again of the mean.
    const files = [0, 1, 2, 3].map((i) => json(checkpoint('sales-files', i, 'partial.jsonl')));
    const records = files.map((partial) => partial.records);
    expect(Math.max(...records)).toBeLessThan((44_400 / 4) * 1.5);
  });

  test('an index that fails halfway resumes from its checkpoint, and the result is the same', () => {
    const run = runExample('sharded-data', 'run.sh', { CRASH_ONCE_INDEX: '1' });
    expect(run.status, run.stderr).toBe(0);
    expectReferenceResult(run.stdout);
    expect(run.stderr).toMatch(/^ixjob: index 1 attempt 0 failed: exit 1 .*CRASH_ONCE_INDEX/m);
    expect(run.stdout).toMatch(/^Pods Statuses: +0 Active \/ 4 Succeeded \/ 1 Failed$/m);
    const logs = join(DIR, '.ixjob', 'sales-files', 'logs');
    expect(readFileSync(join(logs, '1.1.log'), 'utf8')).toMatch(
      /^index 1: resuming, 2 of 3 files already done$/m,
    );
    // The retry summed only the file the failed attempt had not finished.
    const partial = json(checkpoint('sales-files', 1, 'partial.jsonl'));
    expect({ summed: partial.summed, skipped: partial.skipped }).toEqual({ summed: 1, skipped: 2 });
  });
});
