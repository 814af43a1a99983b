import { formatDuration, ShipgateError, type InputSource } from '@shipgate/core';
import { boundaryAtOrAbove, bucketQuantile, countAbove, totalCount, type Bucket } from './histogram';
import { LatencyCut } from './latency-cut';
import type { ArmReading, MetricContext, MetricReading, MetricSource } from './metric-source';
import { prometheusEndpoint, type QueryAnswer, type Sample } from './prometheus-api';
import { slowThreshold } from './slow-threshold';

const URL_INPUT = 'prometheus-url';
const TOKEN = 'prometheus-token';
const ERRORS = 'error-rate-query';
const LATENCY = 'latency-query';

const tracks = ['canary', 'baseline'] as const;
type Track = (typeof tracks)[number];

const SELECTOR = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\{[^]*\})?\s*$/;

/** How far back the baseline's latency is read before the canary starts, when no slow-threshold is given. */
export const CALIBRATION_WINDOW_MS = 10 * 60_000;

/**
 * A query input: either a selector (`http_requests_total{code=~"5..",track="{{track}}"}`) that
 * shipgate wraps in `increase(...[window])`, or a whole expression with `{{window}}` where the
 * window goes (for recording rules, `or vector(0)`, other units).
 */
class QueryTemplate {
  private readonly histogramName?: string;

  constructor(
    readonly input: string,
    private readonly text: string,
    private readonly kind: 'counter' | 'histogram',
  ) {
    if (text.includes('{{window}}')) return;
    const selector = SELECTOR.exec(text.replaceAll('{{track}}', 'canary'));
    if (!selector) {
      const example = kind === 'counter' ? 'http_requests_total{code=~"5..",track="{{track}}"}' : 'http_request_duration_seconds{track="{{track}}"}';
      throw new ShipgateError(`must be a metric selector like ${example}, or a whole query with {{window}} where the range goes; got '${text.slice(0, 80)}'`, input);
    }
    if (kind === 'histogram') this.histogramName = (selector[1] as string).replace(/_bucket$/, '');
  }

  /**
   * `count(<the selector>)` at this instant, for a selector input: empty when no series matches
   * at all (a typo in the name or a label). undefined for a whole query with {{window}}.
   */
  existence(track: Track): string | undefined {
    const text = this.text.replaceAll('{{track}}', track);
    if (text.includes('{{window}}')) return undefined;
    const labels = SELECTOR.exec(text)?.[2] ?? '';
    return this.kind === 'counter' ? `count(${text.trim()})` : `count(${this.histogramName}_bucket${labels})`;
  }

  expression(track: Track, windowMs: number): string {
    const text = this.text.replaceAll('{{track}}', track);
    const range = `${Math.max(1, Math.round(windowMs))}ms`;
    if (text.includes('{{window}}')) return text.replaceAll('{{window}}', range);
    const labels = SELECTOR.exec(text)?.[2] ?? '';
    return this.kind === 'counter' ? `sum(increase(${text.trim()}[${range}]))` : `sum by (le) (increase(${this.histogramName}_bucket${labels}[${range}]))`;
  }
}

type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string };

function sumOf(answer: QueryAnswer, input: string, track: Track): Outcome<number> {
  if (!answer.ok) return { ok: false, reason: `${input} for ${track}: ${answer.reason}` };
  if (answer.samples.length === 0) return { ok: false, reason: `${input} for ${track} returned an empty result` };
  const total = answer.samples.reduce((sum, sample) => sum + sample.value, 0);
  if (!Number.isFinite(total)) return { ok: false, reason: `${input} for ${track} returned ${total}` };
  return { ok: true, value: total };
}

function bucketsOf(answer: QueryAnswer, track: Track): Outcome<Bucket[]> {
  if (!answer.ok) return { ok: false, reason: `${LATENCY} for ${track}: ${answer.reason}` };
  if (answer.samples.length === 0) return { ok: false, reason: `${LATENCY} for ${track} returned an empty result` };
  const byBound = new Map<number, number>();
  for (const sample of answer.samples as Sample[]) {
    const le = sample.labels.le;
    if (le === undefined) throw new ShipgateError(`must give histogram buckets (series with an 'le' label); it returned ${JSON.stringify(sample.labels).slice(0, 80)}`, LATENCY);
    const leMs = le === '+Inf' ? Infinity : Number(le) * 1000;
    byBound.set(leMs, (byBound.get(leMs) ?? 0) + sample.value);
  }
  const buckets = [...byBound].map(([leMs, count]) => ({ leMs, count }));
  if (buckets.some((bucket) => Number.isNaN(bucket.count))) return { ok: false, reason: `${LATENCY} for ${track} returned NaN` };
  if (totalCount(buckets) === undefined) throw new ShipgateError(`must give histogram buckets including le="+Inf"; it returned none`, LATENCY);
  return { ok: true, value: buckets };
}

function armFigures(buckets: Bucket[], errors: number): Omit<ArmReading, 'slow'> {
  const requests = Math.round(totalCount(buckets) ?? 0);
  const p50Ms = bucketQuantile(buckets, 0.5);
  const p99Ms = bucketQuantile(buckets, 0.99);
  return {
    requests,
    // The error counter and the histogram are scraped together but are separate series; never report more errors than requests.
    errors: Math.min(requests, Math.round(errors)),
    ...(p50Ms === undefined ? {} : { p50Ms }),
    ...(p99Ms === undefined ? {} : { p99Ms }),
  };
}

export interface PrometheusSourceOptions {
  /** Defaults to CALIBRATION_WINDOW_MS. */
  calibrationWindowMs?: number;
}

/**
 * Prometheus: for each track, errors from `error-rate-query` and requests, slow requests and
 * p50/p99 from the `latency-query` histogram, each as `increase(...[window])` over the time
 * since the previous read. An empty result, NaN or a failed query is no data, never zero.
 */
export function createPrometheusSource(inputs: InputSource, context: MetricContext, options: PrometheusSourceOptions = {}): MetricSource {
  const url = inputs(URL_INPUT);
  if (url === '') throw new ShipgateError('is required for the prometheus metric source, e.g. http://prometheus:9090', URL_INPUT);
  const endpoint = prometheusEndpoint(url, inputs(TOKEN) || undefined, context.timeoutMs);
  const required = (name: string) => {
    const text = inputs(name);
    if (text === '') throw new ShipgateError('is required when prometheus-url is set', name);
    return text;
  };
  const errorsQuery = new QueryTemplate(ERRORS, required(ERRORS), 'counter');
  const latencyQuery = new QueryTemplate(LATENCY, required(LATENCY), 'histogram');
  const cut = new LatencyCut(slowThreshold(inputs));
  // Window lengths come from this monotonic clock; Prometheus evaluates at its own now.
  const now = () => performance.now();
  let lastReadAt = now();

  const query = async (template: QueryTemplate, track: Track, windowMs: number) => {
    const answer = await endpoint.query(template.expression(track, windowMs));
    if (!answer.ok && answer.badQuery) throw new ShipgateError(`is not a query Prometheus accepts: ${answer.reason}`, template.input);
    return answer;
  };

  return {
    name: 'prometheus',
    secrets: endpoint.secrets,
    async start(resume?: { coversMs: number }) {
      const startedAt = now() - (resume?.coversMs ?? 0);
      const window = options.calibrationWindowMs ?? CALIBRATION_WINDOW_MS;
      // Runs both queries once: a query Prometheus rejects is the user's to fix, now, not at the first step.
      const [errorsAnswer, bucketsAnswer] = await Promise.all([query(errorsQuery, 'baseline', window), query(latencyQuery, 'baseline', window)]);
      // Before the canary (not when an advance invocation resumes): no answer, or a selector that
      // matches no series, stops here before anything is created — every poll would be no data.
      if (!resume) {
        for (const [answer, template] of [[errorsAnswer, errorsQuery], [bucketsAnswer, latencyQuery]] as const) {
          if (!answer.ok) throw new ShipgateError(`got no answer before the canary started (${template.input}: ${answer.reason}); nothing was created and no traffic moved`, URL_INPUT);
          const existence = template.existence('baseline');
          if (existence === undefined) continue;
          const series = await endpoint.query(existence);
          if (!series.ok) throw new ShipgateError(`got no answer before the canary started (${template.input}: ${series.reason}); nothing was created and no traffic moved`, URL_INPUT);
          if (series.samples.length === 0) {
            throw new ShipgateError(
              `matches no series in Prometheus for the baseline (${existence.slice(0, 120)} is empty): every poll would be no data and the canary would never be judged. Check the metric name and labels (for an error counter with no series until the first error, use a whole query ending in 'or vector(0)' with {{window}})`,
              template.input,
            );
          }
        }
      }
      if (cut.currentMs === undefined) {
        const buckets = bucketsOf(bucketsAnswer, 'baseline');
        const p99 = buckets.ok ? bucketQuantile(buckets.value, 0.99) : undefined;
        if (buckets.ok && p99 !== undefined) {
          cut.learn(boundaryAtOrAbove(buckets.value, p99));
          context.log(`prometheus: latency cut ${formatDuration(cut.currentMs ?? 0)} (the baseline's p99 over the last ${formatDuration(window)}, rounded up to a bucket boundary)`);
        } else {
          context.log(`prometheus: no baseline latency before the canary (${buckets.ok ? 'no requests' : buckets.reason}); slow requests are counted from the second poll on, against the first poll's baseline p99`);
        }
      }
      lastReadAt = startedAt;
    },
    async read(): Promise<MetricReading> {
      const readAt = now();
      // Since the last read that returned data: a window that gave no data is read again next time.
      const windowMs = readAt - lastReadAt;
      const answers = await Promise.all(tracks.flatMap((track) => [query(errorsQuery, track, windowMs), query(latencyQuery, track, windowMs)]));
      const arms: Partial<Record<Track, { buckets: Bucket[]; errors: number }>> = {};
      for (const [index, track] of tracks.entries()) {
        const errors = sumOf(answers[index * 2] as QueryAnswer, ERRORS, track);
        if (!errors.ok) return { kind: 'no-data', reason: errors.reason, windowMs };
        const buckets = bucketsOf(answers[index * 2 + 1] as QueryAnswer, track);
        if (!buckets.ok) return { kind: 'no-data', reason: buckets.reason, windowMs };
        arms[track] = { buckets: buckets.value, errors: errors.value };
      }
      const canary = arms.canary as { buckets: Bucket[]; errors: number };
      const baseline = arms.baseline as { buckets: Bucket[]; errors: number };
      const baselineP99 = bucketQuantile(baseline.buckets, 0.99);
      lastReadAt = readAt;
      return cut.splitThenLearn((cutMs) => {
        // increase() extrapolates, so counts come back fractional: the judge counts whole requests.
        const slow = (buckets: Bucket[]) => (cutMs === undefined ? 0 : Math.min(Math.round(totalCount(buckets) ?? 0), Math.round(countAbove(buckets, cutMs))));
        return {
          kind: 'data',
          canary: { ...armFigures(canary.buckets, canary.errors), slow: slow(canary.buckets) },
          baseline: { ...armFigures(baseline.buckets, baseline.errors), slow: slow(baseline.buckets) },
          ...(cutMs === undefined ? {} : { slowCutMs: boundaryAtOrAbove(baseline.buckets, cutMs) }),
          windowMs,
        };
      }, baselineP99 === undefined ? undefined : boundaryAtOrAbove(baseline.buckets, baselineP99));
    },
    async close() {},
  };
}

