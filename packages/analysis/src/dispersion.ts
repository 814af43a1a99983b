/**
 * Over-dispersion of an arm's per-poll event counts: Pearson's χ² of the counts around the
 * pooled rate, divided by its degrees of freedom. Independent requests give about 1; errors
 * that arrive in clusters (a retry storm, one client's batch) give about the mean cluster size,
 * and the harm test would otherwise count a cluster of k errors as k independent pieces of
 * evidence.
 */

/** Upper quantile of χ²(dof) by the Wilson–Hilferty cube approximation (good from dof ≈ 3). */
export function chiSquareQuantile(dof: number, z: number): number {
  const a = 2 / (9 * dof);
  return dof * (1 - a + z * Math.sqrt(a)) ** 3;
}

/** z for the one-sided 99th percentile: dispersion is only believed when this clear. */
const gateZ = 2.326;
/** Below this many polls the χ² quantile is unreliable and the estimate is too noisy to act on. */
const minPolls = 4;

export class DispersionEstimate {
  private readonly events: number[] = [];
  private readonly requests: number[] = [];

  add(events: number, requests: number): void {
    if (requests <= 0) return;
    this.events.push(events);
    this.requests.push(requests);
  }

  /** Pearson χ² / dof, or undefined before there is anything to estimate from. */
  pearsonRatio(): number | undefined {
    const polls = this.events.length;
    if (polls < 2) return undefined;
    let totalEvents = 0;
    let totalRequests = 0;
    for (let i = 0; i < polls; i++) {
      totalEvents += this.events[i]!;
      totalRequests += this.requests[i]!;
    }
    if (totalEvents === 0) return undefined;
    const rate = totalEvents / totalRequests;
    let chi2 = 0;
    for (let i = 0; i < polls; i++) {
      const expected = this.requests[i]! * rate;
      chi2 += (this.events[i]! - expected) ** 2 / expected;
    }
    return chi2 / (polls - 1);
  }

  /**
   * The temper for the harm test: 1 unless the counts are over-dispersed beyond what chance
   * gives independent requests 99 times in 100, then the estimated ratio. Gating keeps noise in
   * the estimate from taxing the power of the test when events are independent.
   */
  temper(): number {
    const polls = this.events.length;
    const ratio = this.pearsonRatio();
    if (ratio === undefined || polls < minPolls) return 1;
    const dof = polls - 1;
    return ratio * dof > chiSquareQuantile(dof, gateZ) ? ratio : 1;
  }
}
