/**
 * The p-th percentile by nearest rank: the smallest value with at least p % of the values at or
 * below it (as the smoke test's latency percentiles). The median of 1, 2, 3, 4 is 2, not 2.5:
 * a figure that actually occurred, and easy to check by hand.
 */
export function nearestRank(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
