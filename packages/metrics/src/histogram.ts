/** A Prometheus histogram's cumulative buckets over one window: upper bound (ms, Infinity for +Inf) → count. */
export interface Bucket {
  leMs: number;
  count: number;
}

export function sortBuckets(buckets: Bucket[]): Bucket[] {
  return [...buckets].sort((a, b) => a.leMs - b.leMs);
}

/** Requests in the window: the +Inf bucket. */
export function totalCount(buckets: Bucket[]): number | undefined {
  return buckets.find((bucket) => bucket.leMs === Infinity)?.count;
}

/** The bucket boundary the cut is rounded up to: buckets can only split at their boundaries. */
export function boundaryAtOrAbove(buckets: Bucket[], cutMs: number): number {
  return sortBuckets(buckets).find((bucket) => bucket.leMs >= cutMs - 1e-9)?.leMs ?? Infinity;
}

/** Requests slower than the boundary at or above the cut. */
export function countAbove(buckets: Bucket[], cutMs: number): number {
  const total = totalCount(buckets) ?? 0;
  const boundary = boundaryAtOrAbove(buckets, cutMs);
  const within = sortBuckets(buckets).find((bucket) => bucket.leMs === boundary)?.count ?? total;
  return Math.max(0, total - within);
}

/** The q-quantile as Prometheus's histogram_quantile computes it (linear within the bucket). */
export function bucketQuantile(buckets: Bucket[], q: number): number | undefined {
  const sorted = sortBuckets(buckets);
  const total = totalCount(sorted);
  if (!total) return undefined;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const bucket of sorted) {
    if (bucket.count >= rank) {
      if (bucket.leMs === Infinity) return lowerBound;
      const inBucket = bucket.count - lowerCount;
      return inBucket <= 0 ? bucket.leMs : lowerBound + ((bucket.leMs - lowerBound) * (rank - lowerCount)) / inBucket;
    }
    lowerBound = bucket.leMs;
    lowerCount = bucket.count;
  }
  return lowerBound;
}
