// The dataset: sales records, the same ones twice, as twelve CSV files of uneven sizes
// (shard_00.csv … shard_11.csv, the seed's `shard_$INDEX.csv`) and as one JSON Lines file
// (sales.jsonl). Deterministic: the same bytes on every run, so the checked-in Job and the
// test's reference see exactly what the workers see. Usage: node gen-data.ts [DIR]
import { writeOutput } from '@ixjob/sdk';

const dir = process.argv[2] ?? 'out/data';
const SHARDS = 12;
const REGIONS = ['North', 'South', 'East', 'West', 'Central', 'Overseas'];
/** [name, category, unit price in cents]: names with commas and quotes, as real exports have. */
const PRODUCTS: readonly (readonly [string, string, number])[] = [
  ['Cable, USB-C 2m', 'accessories', 1299],
  ['Monitor 27" IPS', 'displays', 24900],
  ['Monitor 32" 4K', 'displays', 45900],
  ['Keyboard', 'peripherals', 5900],
  ['Mouse, wireless', 'peripherals', 2999],
  ['Laptop 14"', 'computers', 129900],
  ['Desktop tower', 'computers', 99900],
  ['Dock, "Pro" edition', 'accessories', 18900],
];

/** mulberry32: a small seeded generator, so the data never depends on Math.random. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const csvField = (value: string) =>
  /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
const pick = <T>(list: readonly T[], random: () => number) =>
  list[Math.floor(random() * list.length)] as T;

const random = generator(14);
const jsonLines: string[] = [];
let orderId = 100000;
for (let shard = 0; shard < SHARDS; shard++) {
  // Uneven sizes (1 500 to 6 000 records), so balancing the shards by bytes matters.
  const records = 1500 + ((shard * 7) % SHARDS) * 400;
  const csv = ['order_id,date,region,product,category,units,unit_price_cents'];
  for (let r = 0; r < records; r++) {
    const [product, category, price] = pick(PRODUCTS, random);
    const day = 1 + Math.floor(random() * 365);
    const date = new Date(Date.UTC(2025, 0, day)).toISOString().slice(0, 10);
    const sale = {
      order_id: orderId++,
      date,
      region: pick(REGIONS, random),
      product,
      category,
      units: 1 + Math.floor(random() * 20),
      unit_price_cents: price,
    };
    csv.push(
      Object.values(sale)
        .map((value) => csvField(String(value)))
        .join(','),
    );
    jsonLines.push(JSON.stringify(sale));
  }
  await writeOutput(`${dir}/shard_${String(shard).padStart(2, '0')}.csv`, `${csv.join('\n')}\n`);
}
await writeOutput(`${dir}/sales.jsonl`, `${jsonLines.join('\n')}\n`);
console.log(
  `${jsonLines.length} sales in ${dir}/shard_00.csv … shard_${SHARDS - 1}.csv and ${dir}/sales.jsonl`,
);
