/** Prometheus-style latency histogram: bucket upper bounds in ms, the last bucket is +Inf. */
export const bucketBoundsMs: readonly number[] = [25, 50, 75, 100, 125, 150, 175, 200, 250, 300, 350, 400, 450, 500, 600, 750, 1000, 2500];
export const bucketCount = bucketBoundsMs.length + 1;

/**
 * histogram_quantile() as Prometheus computes it from non-cumulative bucket counts: linear
 * interpolation inside the bucket holding the rank; a rank in +Inf returns the last finite bound.
 */
export function histogramQuantile(q: number, counts: ArrayLike<number>, offset = 0): number {
  let total = 0;
  for (let i = 0; i < bucketCount; i++) total += counts[offset + i]!;
  if (total === 0) return Number.NaN;
  const rank = q * total;
  let cumulative = 0;
  for (let i = 0; i < bucketCount; i++) {
    const c = counts[offset + i]!;
    if (cumulative + c >= rank && c > 0) {
      if (i === bucketCount - 1) return bucketBoundsMs[bucketBoundsMs.length - 1]!;
      const lower = i === 0 ? 0 : bucketBoundsMs[i - 1]!;
      const upper = bucketBoundsMs[i]!;
      return lower + ((upper - lower) * (rank - cumulative)) / c;
    }
    cumulative += c;
  }
  return bucketBoundsMs[bucketBoundsMs.length - 1]!;
}

/** Index of the first bucket counted as slow: the buckets above the smallest bound ≥ `ms`. */
export function slowBucketIndex(ms: number): number {
  const i = bucketBoundsMs.findIndex((b) => b >= ms);
  return i === -1 ? bucketCount - 1 : i + 1;
}
