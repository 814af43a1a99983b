import { fitDescription } from '@shipgate/records';

/** The machine-readable head of every in-progress status (ARCHITECTURE.md "How it records state"). */
export interface Progress {
  step: number;
  steps: number;
  weight: number;
  /** When this step began (ISO 8601, seconds). */
  since: string;
}

const PROGRESS = /^shipgate canary step=(\d+)\/(\d+) weight=(\d+) since=(\S+?Z)(?::|$)/;

/** `shipgate canary step=2/4 weight=25 since=2026-11-23T13:00:00Z: <sentence>`, at most 140 characters. */
export function progressLine(progress: Progress, sentence?: string): string {
  const head = `shipgate canary step=${progress.step}/${progress.steps} weight=${progress.weight} since=${progress.since}`;
  return fitDescription(sentence ? `${head}: ${sentence}` : head);
}

export function parseProgressLine(description: string): Progress | undefined {
  const match = PROGRESS.exec(description);
  if (!match) return undefined;
  return { step: Number(match[1]), steps: Number(match[2]), weight: Number(match[3]), since: match[4] as string };
}

/** Seconds are enough for a step's start, and keep the line short. */
export const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The marker staging-gate-check's quarantine reads (packages/gate/src/quarantine.ts). */
export const ROLLED_BACK = 'shipgate: rolled back:';
