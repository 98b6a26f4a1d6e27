import * as z from 'zod';

/**
 * The journal of `ixjob run`: one JSON object per line, each a versioned record of this
 * union, validated on read. Times are milliseconds since the epoch (output turns them into
 * RFC 3339); a log path is relative to the state directory.
 */
export const JOURNAL_VERSION = 1;

const version = z.literal(JOURNAL_VERSION);
const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const time = z.number().finite().nonnegative();

/** How an attempt ended: the one shape the summary, `-o json` and the controller's events come from. */
export const attemptEndSchema = z.object({
  /** As a container runtime reports it: the exit code, or 128+n when signal n killed it. */
  exitCode: z.number().int().min(0).max(255),
  /** The signal that killed it, when one did. */
  signal: z.string().nullable(),
  durationMs: z.number().finite().nonnegative(),
  /** Why the runner stopped it, when it did: `timeout`, `job failed`, `interrupted`, … */
  reason: z.string().optional(),
  /** Its log, relative to the state directory: `logs/<index>.<attempt>.log`. */
  log: z.string(),
  /** The last line of its log, for the console and the summary (at most a few hundred bytes). */
  lastLine: z.string().optional(),
});
export type AttemptEnd = z.infer<typeof attemptEndSchema>;

/** The first record: what ran, so a resume can refuse a changed job. */
const jobRecord = z.object({
  v: version,
  event: z.literal('job'),
  name: z.string(),
  completions: count,
  /** The work spec's digest, `null` without a spec. */
  digest: z.string().nullable(),
  /** The command and its arguments as given, before `$(VAR)` expansion. */
  command: z.array(z.string()),
  at: time,
});

/** A runner began (a first run or a resume): each run reports its own duration. */
const runRecord = z.object({
  v: version,
  event: z.literal('run'),
  pid: count,
  resume: z.boolean(),
  at: time,
});

/** Journaled before the process exists: a crash can lose a start, never a success. */
const attemptStartedRecord = z.object({
  v: version,
  event: z.literal('attempt-started'),
  index: count,
  /** Numbered per index from 0 and never reused, across resumes. */
  attempt: count,
  at: time,
});

const attemptEndedRecord = z.object({
  v: version,
  event: z.literal('attempt-ended'),
  index: count,
  attempt: count,
  at: time,
  end: attemptEndSchema,
});

/** Started but never ended: the runner died with it. Written when a resume starts; not counted. */
const attemptLostRecord = z.object({
  v: version,
  event: z.literal('attempt-lost'),
  index: count,
  attempt: count,
  at: time,
});

const jobEndedRecord = z.object({
  v: version,
  event: z.literal('job-ended'),
  succeeded: z.boolean(),
  reason: z.string(),
  at: time,
});

export const journalRecordSchema = z.discriminatedUnion('event', [
  jobRecord,
  runRecord,
  attemptStartedRecord,
  attemptEndedRecord,
  attemptLostRecord,
  jobEndedRecord,
]);
export type JournalRecord = z.infer<typeof journalRecordSchema>;
export type JobRecord = z.infer<typeof jobRecord>;
export type RunRecord = z.infer<typeof runRecord>;
export type AttemptStartedRecord = z.infer<typeof attemptStartedRecord>;
export type AttemptEndedRecord = z.infer<typeof attemptEndedRecord>;
export type AttemptLostRecord = z.infer<typeof attemptLostRecord>;
export type JobEndedRecord = z.infer<typeof jobEndedRecord>;

/** A record as written: the version is added by the journal. */
export type NewRecord = JournalRecord extends infer R
  ? R extends JournalRecord
    ? Omit<R, 'v'>
    : never
  : never;
