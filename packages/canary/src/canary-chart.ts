import type { PollPoint } from './rollout-types';

/** At most this many points: a long rollout polled every 10 s is thinned evenly, keeping the last. */
export const MAX_CHART_POINTS = 60;

/** Where the rollout ended: the weight in force then (0 after an abort), drawn as the last point. */
export interface ChartEnd {
  atMs: number;
  weight: number;
}

interface ChartPoint {
  atMs: number;
  weight: number;
  canary: number;
  baseline: number;
}

const percent = (fraction: number) => Math.round(fraction * 10_000) / 100;

function thin(points: readonly ChartPoint[]): ChartPoint[] {
  if (points.length <= MAX_CHART_POINTS) return [...points];
  const every = points.length / MAX_CHART_POINTS;
  const kept = Array.from({ length: MAX_CHART_POINTS - 1 }, (_, i) => points[Math.floor(i * every)] as ChartPoint);
  return [...kept, points.at(-1) as ChartPoint];
}

/** Seconds, with one decimal when whole seconds would repeat; one point per label (the latest). */
function labelled(points: readonly ChartPoint[]): Array<{ label: string; point: ChartPoint }> {
  const label = (ms: number, decimals: number) => (ms / 1000).toFixed(decimals);
  const wholeSecondsRepeat = new Set(points.map((p) => label(p.atMs, 0))).size < points.length;
  const decimals = wholeSecondsRepeat ? 1 : 0;
  const byLabel = new Map<string, ChartPoint>();
  for (const point of points) byLabel.set(label(point.atMs, decimals), point);
  return [...byLabel].map(([text, point]) => ({ label: text, point }));
}

/**
 * A mermaid `xychart-beta` of the canary weight and both arms' error rate (all in %) at each
 * poll; x is seconds since the rollout began. Polls without data are left out (mermaid cannot
 * draw a gap, and 0 % would claim a measurement; the table counts them). `end` adds the weight
 * in force when the rollout ended, so an abort ends the weight line at 0. Lines, in order:
 * weight, canary error rate, baseline error rate.
 */
export function canaryChart(points: readonly PollPoint[], end?: ChartEnd): string | undefined {
  const measured: ChartPoint[] = points
    .filter((p) => p.canaryErrorRate !== undefined)
    .map((p) => ({ atMs: p.atMs, weight: p.weight, canary: percent(p.canaryErrorRate ?? 0), baseline: percent(p.baselineErrorRate ?? 0) }));
  const last = measured.at(-1);
  if (!last) return undefined;
  if (end && end.atMs > last.atMs) measured.push({ atMs: end.atMs, weight: end.weight, canary: last.canary, baseline: last.baseline });
  const shown = labelled(thin(measured));
  const top = Math.max(100, ...shown.map(({ point }) => Math.max(point.canary, point.baseline)));
  return [
    'xychart-beta',
    '    title "Canary weight and error rates (%)"',
    `    x-axis "seconds since the canary started" [${shown.map(({ label }) => `"${label}"`).join(', ')}]`,
    `    y-axis "percent" 0 --> ${top}`,
    `    line [${shown.map(({ point }) => point.weight).join(', ')}]`,
    `    line [${shown.map(({ point }) => point.canary).join(', ')}]`,
    `    line [${shown.map(({ point }) => point.baseline).join(', ')}]`,
  ].join('\n');
}
