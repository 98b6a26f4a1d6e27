// The anchor for the CSV benchmark: one full csv-parse pass over the file, streaming, as a
// program without an index would have to do to reach its last record.
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

let last;
for await (const record of createReadStream(process.argv[2]).pipe(parse({ bom: true })))
  last = record;
process.stdout.write(`${JSON.stringify(last)}\n`);
