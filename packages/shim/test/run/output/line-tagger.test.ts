import { PassThrough, Writable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  createLineTagger,
  type LineTaggerOptions,
  linePrefix,
  type StreamName,
} from '../../../src/run/output/line-tagger.ts';

/** A destination that keeps every write, and can be slow and small to force backpressure. */
function recorder(options: { highWaterMark?: number; delayMs?: number } = {}) {
  const writes: Buffer[] = [];
  let mostBuffered = 0;
  const destination = new Writable({
    highWaterMark: options.highWaterMark ?? 16 * 1024,
    write(chunk: Buffer, _encoding, callback) {
      writes.push(chunk);
      mostBuffered = Math.max(mostBuffered, destination.writableLength);
      if (options.delayMs === undefined) callback();
      else setTimeout(callback, options.delayMs);
    },
  });
  return {
    destination,
    writes,
    text: () => Buffer.concat(writes).toString('latin1'),
    mostBuffered: () => mostBuffered,
  };
}

/** Feeds each chunk in its own turn, so the tagger sees them as separate reads. */
async function feed(source: PassThrough, chunks: readonly (string | Buffer)[]): Promise<void> {
  for (const chunk of chunks) {
    source.write(chunk);
    await new Promise((resolve) => setImmediate(resolve));
  }
  source.end();
}

describe('linePrefix', () => {
  test.each<[number, StreamName, number, string]>([
    [7, 'stdout', 0, '[7]  '],
    [7, 'stderr', 0, '[7!] '],
    [7, 'stdout', 3, '[  7]  '],
    [7, 'stderr', 3, '[  7!] '],
    [123, 'stdout', 3, '[123]  '],
    [1234, 'stdout', 3, '[1234]  '],
  ])('index %i on %s, width %i: %j', (index, stream, width, expected) => {
    expect(linePrefix(index, stream, width)).toBe(expected);
  });
});

describe('createLineTagger', () => {
  test.each<[string, StreamName, (string | Buffer)[], LineTaggerOptions, string]>([
    ['one line', 'stdout', ['hello\n'], {}, '[0]  hello\n'],
    ['several lines in one chunk', 'stdout', ['a\nb\nc\n'], {}, '[0]  a\n[0]  b\n[0]  c\n'],
    [
      'a line across chunks',
      'stdout',
      ['he', 'l', 'lo\nwo', 'rld\n'],
      {},
      '[0]  hello\n[0]  world\n',
    ],
    ['the final line gets a newline', 'stdout', ['a\nb'], {}, '[0]  a\n[0]  b\n'],
    ['only a partial line', 'stdout', ['no newline'], {}, '[0]  no newline\n'],
    ['empty lines are lines', 'stdout', ['\n\n'], {}, '[0]  \n[0]  \n'],
    ['carriage returns stay', 'stdout', ['a\r\n'], {}, '[0]  a\r\n'],
    ['nothing printed, nothing tagged', 'stdout', [], {}, ''],
    ['stderr is marked', 'stderr', ['oops\n'], {}, '[0!] oops\n'],
    ['padded to the last index', 'stdout', ['x\n'], { lastIndex: 100 }, '[  0]  x\n'],
    [
      'a character split between chunks stays whole',
      'stdout',
      [Buffer.from([0x63, 0x61, 0x66, 0xc3]), Buffer.from([0xa9, 0x0a])],
      {},
      '[0]  caf\xc3\xa9\n',
    ],
    [
      'a partial line past the limit is let go',
      'stdout',
      ['abc', 'defg', 'h\n'],
      { maxLineBytes: 5 },
      '[0]  abcdefg\n[0]  h\n',
    ],
  ])('%s', async (_name, stream, chunks, options, expected) => {
    const out = recorder();
    const tagger = createLineTagger(out.destination, options);
    const source = new PassThrough();
    const tagged = tagger.attach(0, stream, source);
    await feed(source, chunks);
    await tagged;
    await tagger.flushed();
    expect(out.text()).toBe(expected);
  });

  const producer = fc.record({
    index: fc.nat({ max: 12 }),
    stream: fc.constantFrom<StreamName>('stdout', 'stderr'),
    text: fc
      .array(fc.constantFrom('a', 'b', ' ', '\n', '\n', '[', ']', '\r', 'é', '€'), {
        maxLength: 200,
      })
      .map((units) => Buffer.from(units.join(''))),
    sizes: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 8 }),
  });
  const scenario = fc.record({
    producers: fc.uniqueArray(producer, {
      minLength: 1,
      maxLength: 6,
      selector: (p) => `${p.index}${p.stream}`,
    }),
    schedule: fc.array(fc.nat(), { maxLength: 300 }),
  });

  /** Cuts `text` into pieces of the sizes given, cycling through them. */
  const cut = (text: Buffer, sizes: readonly number[]): Buffer[] => {
    const pieces: Buffer[] = [];
    for (let at = 0, i = 0; at < text.length; i++) {
      const size = sizes[i % sizes.length] ?? 1;
      pieces.push(text.subarray(at, at + size));
      at += size;
    }
    return pieces;
  };
  /** The lines the tagger must show for `text`: a last line without newline still counts. */
  const linesOf = (text: Buffer): string[] => {
    const lines = text.toString('latin1').split('\n');
    if (lines.at(-1) === '') lines.pop();
    return lines;
  };

  test.each([
    ['a fast destination', {}],
    ['a slow, tiny destination', { highWaterMark: 8, delayMs: 0 }],
  ])(
    'random producers and chunkings through %s: every line once, whole, in order',
    async (_name, slow) => {
      await fc.assert(
        fc.asyncProperty(scenario, async ({ producers, schedule }) => {
          const out = recorder(slow);
          const lastIndex = Math.max(...producers.map((p) => p.index));
          const tagger = createLineTagger(out.destination, { lastIndex });
          const sources = producers.map(() => new PassThrough());
          const tagged = producers.map((p, i) =>
            tagger.attach(p.index, p.stream, sources[i] as PassThrough),
          );
          const queues = producers.map((p) => cut(p.text, p.sizes));
          // The schedule interleaves producers; whatever it leaves goes round-robin.
          const order = [...schedule, ...queues.flatMap((q) => q.map((_, i) => i))];
          for (const pick of order) {
            const live = queues.map((q, i) => [q, i] as const).filter(([q]) => q.length > 0);
            const chosen = live[pick % Math.max(1, live.length)];
            if (!chosen) break;
            sources[chosen[1]]?.write(chosen[0].shift());
            if (pick % 3 === 0) await new Promise((resolve) => setImmediate(resolve));
          }
          for (const source of sources) source.end();
          await Promise.all(tagged);
          await tagger.flushed();

          for (const write of out.writes) expect(write.at(-1)).toBe(0x0a);
          const seen = new Map<string, string[]>();
          const text = out.text();
          for (const line of text.slice(0, -1).split('\n')) {
            if (text === '') break;
            const match = /^\[ *(\d+)(!\] |\] {2})/.exec(line);
            expect(match).not.toBeNull();
            const [prefix = '', index = '', end] = match ?? [];
            const stream = end === '!] ' ? 'stderr' : 'stdout';
            const key = `${index}${stream}`;
            expect(prefix).toBe(linePrefix(Number(index), stream, String(lastIndex).length));
            seen.set(key, [...(seen.get(key) ?? []), line.slice(prefix.length)]);
          }
          for (const p of producers)
            expect(seen.get(`${p.index}${p.stream}`) ?? []).toEqual(linesOf(p.text));
          const lineCount = producers.reduce((sum, p) => sum + linesOf(p.text).length, 0);
          expect(text === '' ? 0 : text.split('\n').length - 1).toBe(lineCount);
        }),
        { numRuns: 60 },
      );
    },
  );

  test('a slow destination pauses every producer, and no line is lost', async () => {
    const out = recorder({ highWaterMark: 64, delayMs: 1 });
    const tagger = createLineTagger(out.destination, { lastIndex: 2 });
    const sources = [0, 1, 2].map(() => new PassThrough({ highWaterMark: 256 }));
    let paused = 0;
    for (const source of sources) source.on('pause', () => paused++);
    const tagged = sources.map((source, index) => tagger.attach(index, 'stdout', source));
    const refused: number[] = [0, 0, 0];
    const lines = 300;
    await Promise.all(
      sources.map(async (source, index) => {
        for (let n = 0; n < lines; n++) {
          // A source the tagger stopped reading fills up: that is the backpressure reaching it.
          if (!source.write(`line ${n} of ${index}\n`)) {
            refused[index] = (refused[index] ?? 0) + 1;
            await new Promise((resolve) => source.once('drain', resolve));
          }
        }
        source.end();
      }),
    );
    await Promise.all(tagged);
    await tagger.flushed();

    expect(paused).toBeGreaterThan(0);
    for (const count of refused) expect(count).toBeGreaterThan(0);
    // Past the mark each producer gets at most the read already under way.
    const biggest = Math.max(...out.writes.map((write) => write.length));
    expect(out.mostBuffered()).toBeLessThanOrEqual(64 + sources.length * biggest);
    const text = out.text();
    for (let index = 0; index < 3; index++) {
      const mine = text.split('\n').filter((line) => line.startsWith(`[${index}]  `));
      expect(mine).toEqual(
        Array.from({ length: lines }, (_, n) => `[${index}]  line ${n} of ${index}`),
      );
    }
  });

  test('a 10 MB line with no newline comes out whole, in one write', async () => {
    const out = recorder();
    const tagger = createLineTagger(out.destination);
    const source = new PassThrough();
    const tagged = tagger.attach(3, 'stdout', source);
    const piece = Buffer.alloc(64 * 1024, 'z');
    const pieces = (10 * 1024 * 1024) / piece.length;
    for (let n = 0; n < pieces; n++) {
      if (!source.write(piece)) await new Promise((resolve) => source.once('drain', resolve));
    }
    source.end('\nafter\n');
    await tagged;
    await tagger.flushed();
    expect(out.writes.length).toBe(1);
    const [line] = out.writes;
    expect(line?.length).toBe(5 + pieces * piece.length + 1 + 5 + 6);
    expect(line?.subarray(0, 5).toString()).toBe('[3]  ');
    expect(line?.subarray(5, -12).every((byte) => byte === 0x7a)).toBe(true);
    expect(line?.subarray(-12).toString()).toBe('\n[3]  after\n');
  });

  test('a destination that fails is dropped: sources still end and flushed() resolves', async () => {
    const destination = new Writable({
      write(_chunk, _encoding, callback) {
        callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    const tagger = createLineTagger(destination);
    const source = new PassThrough();
    const tagged = tagger.attach(0, 'stdout', source);
    await feed(source, ['a\n', 'b\n', 'c']);
    await tagged;
    await tagger.flushed();
    expect(tagger.error?.message).toBe('write EPIPE');
  });

  test('stdout and stderr of one index keep their partial lines apart', async () => {
    const out = recorder();
    const tagger = createLineTagger(out.destination);
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const tagged = [tagger.attach(4, 'stdout', stdout), tagger.attach(4, 'stderr', stderr)];
    const step = async (source: PassThrough, chunk: string) => {
      source.write(chunk);
      await new Promise((resolve) => setImmediate(resolve));
    };
    await step(stdout, 'progress: ');
    await step(stderr, 'warn');
    await step(stdout, '50%\n');
    await step(stderr, 'ing\n');
    stdout.end();
    stderr.end();
    await Promise.all(tagged);
    expect(out.text()).toBe('[4]  progress: 50%\n[4!] warning\n');
  });
});
