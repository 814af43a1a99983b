import { formatDuration, lineProblem, ShipgateError, type InputSource } from '@shipgate/core';
import { latencyStats } from '@shipgate/probe';
import { Agent, request } from 'undici';
import { LatencyCut } from './latency-cut';
import type { ArmReading, MetricContext, MetricReading, MetricSource } from './metric-source';
import { slowThreshold } from './slow-threshold';

type Track = 'canary' | 'baseline';

/** What one arm answered since the last read. */
interface Tally {
  requests: number;
  errors: number;
  /** Latencies of answered requests (errors included: a slow 503 is slow too). */
  latencies: number[];
}

const emptyTally = (): Tally => ({ requests: 0, errors: 0, latencies: [] });

/** `10/s`, `600/m` or a bare `10` (per second) → requests per second to each URL. */
export function parseProbeRate(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(?:\/\s*(s|m))?$/.exec(text.trim());
  if (!match) return undefined;
  const perSecond = Number(match[1]) / (match[2] === 'm' ? 60 : 1);
  return perSecond > 0 && perSecond <= 1000 ? perSecond : undefined;
}

function urlInput(inputs: InputSource, name: string): string {
  const text = inputs(name);
  if (text === '') throw new ShipgateError('is required for the probe metric source: the URL that reaches only this version, e.g. http://app-canary:8080', name);
  // new URL() drops tabs and newlines silently: refuse them, as every one-line input.
  const problem = lineProblem(text);
  if (problem) throw new ShipgateError(problem, name);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ShipgateError(`must be an http or https URL; got '${text.replace(/\/\/[^/@\s]*@/, '//***@').slice(0, 60)}'`, name);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ShipgateError(`must be an http or https URL; got ${url.protocol}`, name);
  // As every URL input of shipgate: a password in it would be shown wherever the URL is (log, report).
  if (url.username || url.password) throw new ShipgateError('must not hold user:password@ credentials; probes send no authentication', name);
  return url.href.replace(/\/$/, '');
}

export interface ProbeSourceOptions {
  /** Baseline requests measured before the canary starts, for the latency cut; default 100. */
  calibrationRequests?: number;
}

/**
 * Synthetic probes: shipgate itself sends `probe-rate` requests a second to each of
 * `canary-url` and `baseline-url` + `probe-path`, interleaved (canary, baseline, canary, ...),
 * without waiting for answers, so a slow arm gets as many requests as a fast one. An error is a
 * 5xx, a refused or reset connection, or no answer within the timeout.
 */
export function createProbeSource(inputs: InputSource, context: MetricContext, options: ProbeSourceOptions = {}): MetricSource {
  const bases = { canary: urlInput(inputs, 'canary-url'), baseline: urlInput(inputs, 'baseline-url') };
  const pathText = inputs('probe-path') || '/';
  if (!pathText.startsWith('/') || /\s/.test(pathText)) throw new ShipgateError(`must be a path starting with /, e.g. /health; got '${pathText.slice(0, 60)}'`, 'probe-path');
  const rateText = inputs('probe-rate') || '10/s';
  const rate = parseProbeRate(rateText);
  if (rate === undefined) throw new ShipgateError(`must be requests per second to each URL, like 10/s or 600/m (at most 1000/s); got '${rateText.slice(0, 40)}'`, 'probe-rate');
  const targets = { canary: `${bases.canary}${pathText}`, baseline: `${bases.baseline}${pathText}` };
  const cut = new LatencyCut(slowThreshold(inputs));
  const agent = new Agent({ keepAliveTimeout: 4000, connections: 64 });
  let tallies: Record<Track, Tally> = { canary: emptyTally(), baseline: emptyTally() };
  let ticker: NodeJS.Timeout | undefined;
  let lastReadAt = performance.now();
  const inFlight = new Set<Promise<void>>();

  /** One request; resolves with its latency, and whether it counts as an error. */
  async function probe(url: string): Promise<{ latencyMs?: number; error: boolean }> {
    const started = performance.now();
    try {
      const response = await request(url, { dispatcher: agent, signal: AbortSignal.timeout(context.timeoutMs), headers: { 'user-agent': 'shipgate-probe' } });
      await response.body.dump();
      return { latencyMs: performance.now() - started, error: response.statusCode >= 500 };
    } catch {
      return { error: true };
    }
  }

  function send(track: Track): void {
    const pending = probe(targets[track]).then(({ latencyMs, error }) => {
      // Counted in the poll its answer arrives in: a poll's cut is fixed before any of its data.
      const tally = tallies[track];
      tally.requests++;
      if (error) tally.errors++;
      if (latencyMs !== undefined) tally.latencies.push(latencyMs);
    });
    inFlight.add(pending);
    void pending.finally(() => inFlight.delete(pending));
  }

  function arm(tally: Tally, cutMs: number | undefined): ArmReading {
    const stats = latencyStats(Float64Array.from(tally.latencies));
    return {
      requests: tally.requests,
      errors: tally.errors,
      slow: cutMs === undefined ? 0 : tally.latencies.filter((ms) => ms > cutMs).length,
      ...(stats ? { p50Ms: stats.p50Ms, p99Ms: stats.p99Ms } : {}),
    };
  }

  return {
    name: 'probe',
    secrets: [],
    async start() {
      if (cut.currentMs === undefined) {
        // The baseline alone, before the canary takes traffic, paced like the probes.
        const count = options.calibrationRequests ?? 100;
        const latencies: number[] = [];
        for (let i = 0; i < count; i++) {
          const [result] = await Promise.all([probe(targets.baseline), new Promise((done) => setTimeout(done, 1000 / rate))]);
          if (result.latencyMs !== undefined && !result.error) latencies.push(result.latencyMs);
        }
        cut.learn(latencyStats(Float64Array.from(latencies))?.p99Ms);
        context.log(
          cut.currentMs === undefined
            ? `probe: the baseline did not answer before the canary started; slow requests are counted from the second poll on`
            : `probe: latency cut ${formatDuration(cut.currentMs)} (the baseline's p99 over ${latencies.length} requests before the canary)`,
        );
      }
      let next: Track = 'canary';
      ticker = setInterval(() => {
        send(next);
        next = next === 'canary' ? 'baseline' : 'canary';
      }, 1000 / (2 * rate));
      lastReadAt = performance.now();
    },
    async read(): Promise<MetricReading> {
      const closed = tallies;
      tallies = { canary: emptyTally(), baseline: emptyTally() };
      const now = performance.now();
      const windowMs = now - lastReadAt;
      lastReadAt = now;
      if (closed.canary.requests === 0 && closed.baseline.requests === 0) return { kind: 'no-data', reason: 'no probe was answered or failed since the last read', windowMs };
      const baselineP99 = latencyStats(Float64Array.from(closed.baseline.latencies))?.p99Ms;
      return cut.splitThenLearn(
        (cutMs) => ({
          kind: 'data',
          canary: arm(closed.canary, cutMs),
          baseline: arm(closed.baseline, cutMs),
          ...(cutMs === undefined ? {} : { slowCutMs: cutMs }),
          windowMs,
        }),
        baselineP99,
      );
    },
    async close() {
      if (ticker) clearInterval(ticker);
      await Promise.all(inFlight);
      await agent.close();
    },
  };
}
