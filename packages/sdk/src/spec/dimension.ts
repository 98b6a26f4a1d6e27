/** The variables one work item sets: environment name → value. */
export type Params = Readonly<Record<string, string>>;

/**
 * One axis of the parameter space: an ordered list of records. A work spec combines its
 * dimensions by `zip` or `product`; record i of the spec is what index i gets.
 */
export interface Dimension {
  /** Names the dimension in messages: a variable (`FRUIT`), a file (`files.txt`) or a flag (`--frames`). */
  readonly label: string;
  /** The variables every record of this dimension sets, in a stable order. */
  readonly names: readonly string[];
  /** How many records there are. May scan a file (once; the result is kept). */
  length(): Promise<number>;
  /** For file-backed dimensions: the length when it costs no scan (a fresh sidecar, a file already read to its end). Absent means `length()` is cheap. */
  lengthIfKnown?(): Promise<number | undefined>;
  /**
   * Record i, reading no further into any file than it must. Past the end it throws an
   * `IxjobError('data', 'index 12 is outside the 10 items of files.txt')`.
   */
  record(index: number): Promise<Params>;
  /** The dimension's whole content, for the spec digest: definition and, for files, their bytes. */
  digest(): Promise<string>;
}
