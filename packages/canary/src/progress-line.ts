import type { Counts } from '@shipgate/analysis';
import { fitDescription } from '@shipgate/records';

/** The machine-readable head of every in-progress status (ARCHITECTURE.md "How it records state"). */
export interface Progress {
  step: number;
  steps: number;
  weight: number;
  /** When this step began (ISO 8601, seconds). */
  since: string;
  /**
   * `mode: advance`: the counts of the poll this invocation judged, so a later invocation can
   * replay every poll into a fresh (deterministic) judge and keep the false-abort bound over
   * the whole rollout. `noData` marks a read that gave nothing.
   */
  poll?: { canary: Counts; baseline?: Counts } | { noData: true };
  /** `mode: advance`: the run that claims this step; the oldest live claim takes it. */
  claim?: string;
  /**
   * `mode: advance`: the invocation that wrote this line (its claim). A status POST whose
   * answer was lost is retried and lands twice; replay counts one poll per invocation.
   */
  by?: string;
}

const COUNTS = String.raw`(\d+)\.(\d+)\.(\d+)(?:\.(\d+))?`;
const PROGRESS = new RegExp(
  String.raw`^shipgate canary step=(\d+)\/(\d+) weight=(\d+) since=(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)` +
    String.raw`(?: poll=(?:(none)|c${COUNTS}(?:\/b${COUNTS})?))?(?: claim=([\w.-]{1,40}))?(?: by=([\w.-]{1,40}))?(?::|$)`,
);

const countsText = (c: Counts) => `${c.requests}.${c.errors}.${c.slow}${c.p99Ms === undefined ? '' : `.${Math.round(c.p99Ms)}`}`;

/**
 * `shipgate canary step=2/4 weight=25 since=2026-11-23T13:00:00Z[ poll=c1200.3.14.180/b10800.21.110][ claim=run][ by=run]: <sentence>`,
 * at most 140 characters: the head and the counts always fit (≤ 120), the sentence is cut.
 */
export function progressLine(progress: Progress, sentence?: string): string {
  let head = `shipgate canary step=${progress.step}/${progress.steps} weight=${progress.weight} since=${progress.since}`;
  if (progress.poll) head += ` poll=${'noData' in progress.poll ? 'none' : `c${countsText(progress.poll.canary)}${progress.poll.baseline ? `/b${countsText(progress.poll.baseline)}` : ''}`}`;
  if (progress.claim) head += ` claim=${progress.claim}`;
  if (progress.by) head += ` by=${progress.by}`;
  return fitDescription(sentence ? `${head}: ${sentence}` : head);
}

function counts(match: RegExpExecArray, at: number): Counts | undefined {
  if (match[at] === undefined) return undefined;
  const p99 = match[at + 3];
  return { requests: Number(match[at]), errors: Number(match[at + 1]), slow: Number(match[at + 2]), ...(p99 === undefined ? {} : { p99Ms: Number(p99) }) };
}

export function parseProgressLine(description: string): Progress | undefined {
  const match = PROGRESS.exec(description);
  if (!match) return undefined;
  const canary = counts(match, 6);
  const baseline = counts(match, 10);
  const poll = match[5] === 'none' ? { noData: true as const } : canary ? { canary, ...(baseline ? { baseline } : {}) } : undefined;
  return {
    step: Number(match[1]),
    steps: Number(match[2]),
    weight: Number(match[3]),
    since: match[4] as string,
    ...(poll ? { poll } : {}),
    ...(match[14] ? { claim: match[14] } : {}),
    ...(match[15] ? { by: match[15] } : {}),
  };
}

/**
 * The `by=` of an invocation: its run id when short, else an 8-character hash of it, so the head
 * with the largest counts still fits in 140 characters. Compared with claims through this too.
 */
export function invocationTag(runId: string): string {
  if (runId.length <= 8) return runId;
  let hash = 0x811c9dc5;
  for (const char of runId) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return hash.toString(36).padStart(7, '0').slice(0, 8);
}

/** Seconds are enough for a step's start, and keep the line short. */
export const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The marker staging-gate-check's quarantine reads (packages/gate/src/quarantine.ts). */
export const ROLLED_BACK = 'shipgate: rolled back:';
