import type { PollPoint } from './rollout-types';

/** At most this many points: a long rollout polled every 10 s is thinned evenly, keeping the last. */
export const MAX_CHART_POINTS = 60;

const percent = (fraction: number | undefined) => (fraction === undefined ? 0 : Math.round(fraction * 10_000) / 100);

function thin(points: readonly PollPoint[]): PollPoint[] {
  if (points.length <= MAX_CHART_POINTS) return [...points];
  const every = points.length / MAX_CHART_POINTS;
  const kept = Array.from({ length: MAX_CHART_POINTS - 1 }, (_, i) => points[Math.floor(i * every)] as PollPoint);
  return [...kept, points.at(-1) as PollPoint];
}

/**
 * A mermaid `xychart-beta` of the canary weight and both arms' error rate (all in %) at each
 * poll; x is seconds since the rollout began. A poll with no data shows 0 % error on both arms
 * and is marked in the table, not guessed. Lines, in order: weight, canary error rate, baseline error rate.
 */
export function canaryChart(points: readonly PollPoint[]): string | undefined {
  const shown = thin(points);
  if (shown.length === 0) return undefined;
  const seconds = shown.map((p) => String(Math.round(p.atMs / 1000)));
  const canary = shown.map((p) => percent(p.canaryErrorRate));
  const baseline = shown.map((p) => percent(p.baselineErrorRate));
  const top = Math.max(100, ...canary, ...baseline);
  return [
    'xychart-beta',
    '    title "Canary weight and error rates (%)"',
    `    x-axis "seconds since the canary started" [${seconds.map((s) => `"${s}"`).join(', ')}]`,
    `    y-axis "percent" 0 --> ${top}`,
    `    line [${shown.map((p) => p.weight).join(', ')}]`,
    `    line [${canary.join(', ')}]`,
    `    line [${baseline.join(', ')}]`,
  ].join('\n');
}
