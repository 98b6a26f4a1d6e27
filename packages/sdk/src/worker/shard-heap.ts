/**
 * Shards ordered by (weight, items, number), so a thousand weightless items still spread out
 * and each pick costs log N rather than N.
 */
export class ShardHeap {
  readonly #weight: number[];
  readonly #items: number[];
  readonly #heap: number[];

  constructor(shards: number) {
    this.#weight = new Array<number>(shards).fill(0);
    this.#items = new Array<number>(shards).fill(0);
    // Ascending shard numbers with equal loads already satisfy the heap order.
    this.#heap = Array.from({ length: shards }, (_, shard) => shard);
  }

  /** The lightest shard; stays on top until `put` adds its new item. */
  take(): number {
    return this.#heap[0] as number;
  }

  put(shard: number, weight: number): void {
    this.#weight[shard] = (this.#weight[shard] as number) + weight;
    this.#items[shard] = (this.#items[shard] as number) + 1;
    // Only the root grew: sift it down.
    const heap = this.#heap;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < heap.length && this.#lighter(left, least)) least = left;
      if (right < heap.length && this.#lighter(right, least)) least = right;
      if (least === i) return;
      [heap[i], heap[least]] = [heap[least] as number, heap[i] as number];
      i = least;
    }
  }

  #lighter(a: number, b: number): boolean {
    const x = this.#heap[a] as number;
    const y = this.#heap[b] as number;
    const weight = (this.#weight[x] as number) - (this.#weight[y] as number);
    if (weight !== 0) return weight < 0;
    const items = (this.#items[x] as number) - (this.#items[y] as number);
    return items !== 0 ? items < 0 : x < y;
  }
}
