// The aggregation every worker shares: orders, units and revenue per region and category.
// Sums of integers (cents), so partial results merge exactly in any order.
import * as z from 'zod';

const count = z.coerce.number().int().nonnegative();
/** One sale, from a CSV record's fields or a JSON Lines object, checked field by field. */
export const Sale = z.object({
  region: z.string().min(1),
  category: z.string().min(1),
  units: count,
  unit_price_cents: count,
});
export type Sale = z.output<typeof Sale>;

/** The CSV files' columns, in order (the header row of each file). */
export const CSV_COLUMNS = [
  'order_id',
  'date',
  'region',
  'product',
  'category',
  'units',
  'unit_price_cents',
] as const;

export interface Group {
  orders: number;
  units: number;
  revenueCents: number;
}
/** `region/category` → its sums; a plain object, so it is its own JSON. */
export type Totals = Record<string, Group>;

/** The group `key` of `totals`, made empty the first time. */
function groupOf(totals: Totals, key: string): Group {
  const group = totals[key] ?? { orders: 0, units: 0, revenueCents: 0 };
  totals[key] = group;
  return group;
}

export function addSale(totals: Totals, sale: Sale): void {
  const group = groupOf(totals, `${sale.region}/${sale.category}`);
  group.orders += 1;
  group.units += sale.units;
  group.revenueCents += sale.units * sale.unit_price_cents;
}

/** A CSV record's fields as a sale; the header row is `undefined`. */
export function saleFromFields(fields: readonly string[]): Sale | undefined {
  if (fields[0] === CSV_COLUMNS[0]) return undefined;
  return Sale.parse(Object.fromEntries(CSV_COLUMNS.map((name, i) => [name, fields[i]])));
}

/** `into` plus `from`, in place. */
export function mergeTotals(into: Totals, from: Totals): Totals {
  for (const [key, group] of Object.entries(from)) {
    const sum = groupOf(into, key);
    sum.orders += group.orders;
    sum.units += group.units;
    sum.revenueCents += group.revenueCents;
  }
  return into;
}

/** The same totals with their keys sorted: equal totals print and serialise the same. */
export const sortedTotals = (totals: Totals): Totals =>
  Object.fromEntries(Object.entries(totals).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** A table, one line per group and a total line. */
export function formatTotals(totals: Totals): string {
  const money = (cents: number) =>
    (cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });
  const rows = Object.entries(sortedTotals(totals)).map(([key, g]) => [
    key,
    String(g.orders),
    String(g.units),
    money(g.revenueCents),
  ]);
  const sum = Object.values(totals).reduce(
    (all, g) => ({
      orders: all.orders + g.orders,
      units: all.units + g.units,
      revenueCents: all.revenueCents + g.revenueCents,
    }),
    { orders: 0, units: 0, revenueCents: 0 },
  );
  rows.push(['total', String(sum.orders), String(sum.units), money(sum.revenueCents)]);
  const header = ['region/category', 'orders', 'units', 'revenue'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  return [header, ...rows]
    .map((r) =>
      r
        .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
        .join('  '),
    )
    .join('\n');
}
