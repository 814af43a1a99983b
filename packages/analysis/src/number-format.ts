/** 3120 → `3,120`: request counts in reasons are read by people. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** 1.6049 → `1.6x`, 12.4 → `12x`. */
export function formatRatio(ratio: number): string {
  return `${Number(ratio.toPrecision(ratio < 10 ? 2 : 3))}x`;
}
