import { describe, expect, it } from 'vitest';
import { boundaryAtOrAbove, bucketQuantile, countAbove, type Bucket } from './histogram';

// 100 requests: 50 up to 50 ms, 40 more up to 100 ms, 9 more up to 250 ms, 1 above.
const buckets: Bucket[] = [
  { leMs: 250, count: 99 },
  { leMs: 50, count: 50 },
  { leMs: Infinity, count: 100 },
  { leMs: 100, count: 90 },
];

describe('histogram buckets', () => {
  it('counts the requests above the bucket boundary at or above the cut', () => {
    expect(countAbove(buckets, 100)).toBe(10);
    expect(countAbove(buckets, 80)).toBe(10); // rounded up to the 100 ms boundary
    expect(countAbove(buckets, 250)).toBe(1);
    expect(countAbove(buckets, 300)).toBe(0); // only +Inf is above: nothing can be told apart
    expect(boundaryAtOrAbove(buckets, 80)).toBe(100);
  });

  it('interpolates quantiles as histogram_quantile does', () => {
    expect(bucketQuantile(buckets, 0.5)).toBe(50);
    expect(bucketQuantile(buckets, 0.7)).toBe(75);
    expect(bucketQuantile(buckets, 0.99)).toBe(250);
    expect(bucketQuantile(buckets, 0.995)).toBe(250); // in +Inf: the highest finite boundary
    expect(bucketQuantile([{ leMs: Infinity, count: 0 }], 0.5)).toBeUndefined();
  });
});
