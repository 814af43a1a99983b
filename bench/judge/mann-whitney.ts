/**
 * Mann-Whitney (Wilcoxon rank-sum) confidence interval for the location shift x − y, as R's
 * wilcox.test(conf.int = TRUE) gives it for samples too large for the exact distribution: the
 * Hodges–Lehmann estimate (median of all pairwise differences) and the order statistics of the
 * differences at the normal-approximation critical value, with the variance corrected for ties.
 */
export interface ShiftInterval {
  estimate: number;
  lower: number;
  upper: number;
}

/** z for a two-sided interval at `confidence` (inverse normal by Acklam's rational fit). */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  // Both branches give the (negative) lower-tail quantile of q = min(p, 1 − p).
  const q = Math.min(p, 1 - p);
  let z: number;
  if (q < 0.02425) {
    const r = Math.sqrt(-2 * Math.log(q));
    z = (((((c[0]! * r + c[1]!) * r + c[2]!) * r + c[3]!) * r + c[4]!) * r + c[5]!) / ((((d[0]! * r + d[1]!) * r + d[2]!) * r + d[3]!) * r + 1);
  } else {
    const r = q - 0.5;
    const s = r * r;
    z = ((((((a[0]! * s + a[1]!) * s + a[2]!) * s + a[3]!) * s + a[4]!) * s + a[5]!) * r) / (((((b[0]! * s + b[1]!) * s + b[2]!) * s + b[3]!) * s + b[4]!) * s + 1);
  }
  return p < 0.5 ? z : -z;
}

/** k-th smallest (0-based) of `values`, reordering it in place (Hoare quickselect). */
function select(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k]!;
  }
  return values[k]!;
}

function tieCorrection(x: readonly number[], y: readonly number[]): number {
  const all = [...x, ...y].sort((p, q) => p - q);
  let sum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j] === all[i]) j++;
    const t = j - i;
    sum += t * t * t - t;
    i = j;
  }
  return sum;
}

export function mannWhitneyShift(x: readonly number[], y: readonly number[], confidence: number): ShiftInterval {
  const n = x.length;
  const m = y.length;
  const diffs = new Float64Array(n * m);
  let k = 0;
  for (const xi of x) for (const yj of y) diffs[k++] = xi - yj;
  const nm = n * m;
  const variance = (nm / 12) * (n + m + 1 - tieCorrection(x, y) / ((n + m) * (n + m - 1)));
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const c = Math.max(0, Math.floor(nm / 2 - z * Math.sqrt(Math.max(variance, 0))));
  const lower = select(diffs, Math.min(c, nm - 1));
  const upper = select(diffs, Math.max(nm - 1 - c, 0));
  const mid = nm % 2 === 1 ? select(diffs, (nm - 1) / 2) : (select(diffs, nm / 2 - 1) + select(diffs, nm / 2)) / 2;
  return { estimate: mid, lower, upper };
}
