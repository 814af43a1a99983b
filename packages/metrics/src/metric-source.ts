import type { Counts, Poll } from '@shipgate/analysis';

/** What one arm served since the previous read: the judge's counts plus figures for the report. */
export interface ArmReading extends Counts {
  p50Ms?: number;
}

export type MetricReading =
  | {
      kind: 'data';
      canary: ArmReading;
      /** Omitted when the source has no baseline arm. */
      baseline?: ArmReading;
      /** The latency cut `slow` was counted against; undefined when there was none yet (slow is then 0 on both arms). */
      slowCutMs?: number;
      windowMs: number;
    }
  | {
      /** Nothing trustworthy came back (empty result, NaN, a failed query or command): never read as zero errors. */
      kind: 'no-data';
      reason: string;
      windowMs: number;
    };

/** Counts and latency for canary and baseline, read poll by poll. */
export interface MetricSource {
  readonly name: string;
  /** Values the caller must mask in logs (tokens, passwords); they never appear in readings or errors. */
  readonly secrets: readonly string[];
  /**
   * Called once before the first step, while the canary has 0 % of traffic: starts collecting
   * and, when no `slow-threshold` was given, fixes the latency cut from the baseline.
   * `resume` (canary-step `mode: advance`): the first read also covers `coversMs` before now,
   * the time since the previous invocation's read; sources that only see live traffic ignore it.
   */
  start(resume?: { coversMs: number }): Promise<void>;
  /** Counts since the previous read (or since start). */
  read(): Promise<MetricReading>;
  close(): Promise<void>;
}

export interface MetricContext {
  /** Bound on each query, request or command. */
  timeoutMs: number;
  log: (line: string) => void;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  signal?: AbortSignal;
}

/** The judge's poll for a reading with data. */
export function readingToPoll(reading: Extract<MetricReading, { kind: 'data' }>, step?: number): Poll {
  const counts = ({ requests, errors, slow, p99Ms }: ArmReading) => ({ requests, errors, slow, ...(p99Ms === undefined ? {} : { p99Ms }) });
  return { canary: counts(reading.canary), ...(reading.baseline ? { baseline: counts(reading.baseline) } : {}), ...(step === undefined ? {} : { step }) };
}
