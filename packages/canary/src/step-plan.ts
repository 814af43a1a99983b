import { ShipgateError, formatDuration, parseDuration } from '@shipgate/core';

/** One weight of the rollout and how long traffic stays there before the judge may move on. */
export interface PlannedStep {
  /** The canary's share of traffic, a whole percentage 1–100. */
  weight: number;
  /** The analysis window at this weight (the step's own `:5m`, else `interval`). */
  pauseMs: number;
  /** True when the user wrote a pause for this step (a final 100 % is analysed only then). */
  explicitPause: boolean;
}

/**
 * `10:5m,25:10m,50:10m,100` → steps. Weights must rise strictly and end at 100 (a canary is
 * promoted when it carries all traffic); every mistake is one ShipgateError naming `steps`.
 */
export function parseSteps(text: string, defaultPauseMs: number): PlannedStep[] {
  const parts = text.split(',').map((part) => part.trim());
  const steps: PlannedStep[] = [];
  for (const part of parts) {
    const match = /^(\d{1,3})(?:%)?(?::(.+))?$/.exec(part);
    if (!match) throw new ShipgateError(`must be weights like 10,25,50,100 or 10:5m,25:10m,50:10m,100; '${part.slice(0, 30)}' is not a weight`, 'steps');
    const weight = Number(match[1]);
    if (weight < 1 || weight > 100) throw new ShipgateError(`has weight ${weight}: each weight is a whole percentage from 1 to 100`, 'steps');
    const previous = steps.at(-1);
    if (previous && weight <= previous.weight) throw new ShipgateError(`must rise step by step; ${weight} comes after ${previous.weight}`, 'steps');
    let pauseMs = defaultPauseMs;
    if (match[2] !== undefined) {
      const parsed = parseDuration(match[2]);
      if (parsed === undefined || parsed <= 0) throw new ShipgateError(`has pause '${match[2].slice(0, 20)}' at ${weight}%: a pause is a duration like 30s, 5m or 1h`, 'steps');
      pauseMs = parsed;
    }
    steps.push({ weight, pauseMs, explicitPause: match[2] !== undefined });
  }
  if (steps.at(-1)?.weight !== 100) throw new ShipgateError(`must end at 100 (the canary is promoted when it carries all traffic); got ${text.slice(0, 40)}`, 'steps');
  return steps;
}

/** Whether the judge watches this step: every step but a final 100 % without its own pause. */
export function isAnalysed(steps: readonly PlannedStep[], index: number): boolean {
  const step = steps[index] as PlannedStep;
  return !(index === steps.length - 1 && step.weight === 100 && !step.explicitPause);
}

export function describePlan(steps: readonly PlannedStep[]): string {
  return steps.map((step, i) => (isAnalysed(steps, i) ? `${step.weight}% for ${formatDuration(step.pauseMs)}` : `${step.weight}%`)).join(' → ');
}

/**
 * blue-green (the Stockle plan): a check at 0 % (the new version on its own URL, judged for
 * `interval`), then all traffic at once, judged for another `interval` after the switch.
 */
export function blueGreenSteps(intervalMs: number): PlannedStep[] {
  return [
    { weight: 0, pauseMs: intervalMs, explicitPause: true },
    { weight: 100, pauseMs: intervalMs, explicitPause: true },
  ];
}
