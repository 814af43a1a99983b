import { formatDuration, formatPercentage, parseDuration, parsePercentage } from '@shipgate/core';
import type { LoadResult } from './load-burst';
import type { LatencyStats } from './percentiles';

/** k6-style limits on a load burst: `error-rate<0.5%`, `p99<200ms`, `rate>100`. */
export type ThresholdMetric = 'error-rate' | 'p50' | 'p90' | 'p95' | 'p99' | 'avg' | 'min' | 'max' | 'rate';
type Operator = '<' | '<=' | '>' | '>=';

export interface Threshold {
  /** As the user should read it back, normalised: `p99<200ms`. */
  expression: string;
  metric: ThresholdMetric;
  operator: Operator;
  /** Fraction for error-rate, milliseconds for latencies, requests/s for rate. */
  limit: number;
}

export interface ThresholdResult {
  expression: string;
  passed: boolean;
  /** The measured figure, formatted like the limit. */
  actual: string;
}

const LATENCY: Record<string, keyof LatencyStats> = {
  p50: 'p50Ms',
  p90: 'p90Ms',
  p95: 'p95Ms',
  p99: 'p99Ms',
  avg: 'avgMs',
  min: 'minMs',
  max: 'maxMs',
};
const SHAPE = /^([a-z][a-z0-9-]*)\s*(<=|>=|<|>)\s*(\S(?:.*\S)?)$/;

export const THRESHOLD_SYNTAX =
  'a limit like error-rate<0.5%, p99<200ms, p95<150ms, avg<100ms, max<1s or rate>50 (metric, < <= > or >=, value)';

/** Parses one threshold; a string is the reason it is malformed. */
export function parseThreshold(text: string): Threshold | string {
  const match = SHAPE.exec(text.trim());
  if (!match) return `'${text.trim()}' is not ${THRESHOLD_SYNTAX}`;
  const [, name, operator, rawValue] = match as unknown as [string, string, Operator, string];
  let metric: ThresholdMetric;
  let limit: number | undefined;
  let shown: string;
  if (name === 'error-rate') {
    metric = name;
    limit = parsePercentage(rawValue);
    shown = limit === undefined ? '' : formatPercentage(limit);
    if (limit === undefined) return `'${text.trim()}': error-rate needs a percentage like 0.5% or a fraction like 0.005`;
  } else if (Object.hasOwn(LATENCY, name)) {
    metric = name as ThresholdMetric;
    // A bare number is milliseconds, as in k6.
    limit = /^\d+(\.\d+)?$/.test(rawValue) ? Number(rawValue) : parseDuration(rawValue);
    if (limit === undefined) return `'${text.trim()}': ${name} needs a duration like 200ms or 1.5s`;
    shown = formatDuration(limit);
  } else if (name === 'rate') {
    metric = name;
    const rate = /^(\d+(?:\.\d+)?)(?:\/s)?$/.exec(rawValue);
    if (!rate) return `'${text.trim()}': rate needs requests per second like 100 or 100/s`;
    limit = Number(rate[1]);
    shown = `${limit}/s`;
  } else {
    return `'${text.trim()}': unknown metric '${name}'; use error-rate, p50, p90, p95, p99, avg, min, max or rate`;
  }
  return { expression: `${metric}${operator}${shown}`, metric, operator, limit };
}

/** Parses `error-rate<0.5%, p99<200ms` (commas or new lines between limits). */
export function parseThresholdList(text: string): Threshold[] | string {
  const thresholds: Threshold[] = [];
  for (const part of text.split(/[,\n]/)) {
    if (part.trim() === '') continue;
    const parsed = parseThreshold(part);
    if (typeof parsed === 'string') return parsed;
    thresholds.push(parsed);
  }
  return thresholds;
}

export function evaluateThresholds(thresholds: readonly Threshold[], load: LoadResult): ThresholdResult[] {
  return thresholds.map((threshold) => {
    const { value, shown } = measure(threshold.metric, load);
    if (value === undefined) return { expression: threshold.expression, passed: false, actual: shown };
    return { expression: threshold.expression, passed: compare(value, threshold.operator, threshold.limit), actual: shown };
  });
}

function measure(metric: ThresholdMetric, load: LoadResult): { value?: number; shown: string } {
  if (metric === 'error-rate') return { value: load.errorRate, shown: formatPercentage(load.errorRate) };
  if (metric === 'rate') return { value: load.requestsPerSecond, shown: `${load.requestsPerSecond.toFixed(1)}/s` };
  const field = LATENCY[metric] as keyof LatencyStats;
  if (!load.latency) return { shown: 'no answers' };
  const value = load.latency[field];
  return { value, shown: formatLatency(value) };
}

function compare(value: number, operator: Operator, limit: number): boolean {
  switch (operator) {
    case '<':
      return value < limit;
    case '<=':
      return value <= limit;
    case '>':
      return value > limit;
    case '>=':
      return value >= limit;
  }
}

/** Latencies under 100 ms keep one decimal (`0.8ms`, `50.5ms`): a limit of 51ms must not read as met by "51ms". */
export function formatLatency(ms: number): string {
  return ms < 100 ? `${Number(ms.toFixed(1))}ms` : formatDuration(ms);
}
