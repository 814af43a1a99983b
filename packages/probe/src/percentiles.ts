/** Latency figures of a set of requests, in milliseconds. */
export interface LatencyStats {
  count: number;
  minMs: number;
  avgMs: number;
  p50Ms: number;
  p90Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * Exact percentiles over every recorded latency (nearest-rank: the smallest value with at
 * least p % of the samples at or below it). Sorting a Float64Array of 100k values takes a few
 * milliseconds, so there is no reason to sample or bucket.
 */
export function latencyStats(latencies: Float64Array): LatencyStats | undefined {
  const count = latencies.length;
  if (count === 0) return undefined;
  const sorted = Float64Array.from(latencies).sort();
  let sum = 0;
  for (const value of sorted) sum += value;
  const at = (p: number) => sorted[Math.min(count - 1, Math.max(0, Math.ceil((p / 100) * count) - 1))] as number;
  return {
    count,
    minMs: sorted[0] as number,
    avgMs: sum / count,
    p50Ms: at(50),
    p90Ms: at(90),
    p95Ms: at(95),
    p99Ms: at(99),
    maxMs: sorted[count - 1] as number,
  };
}
