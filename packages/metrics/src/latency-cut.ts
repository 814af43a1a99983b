/**
 * The latency above which a request counts as slow, fixed before the data it splits: the
 * user's `slow-threshold`, or the baseline's p99 measured before the canary started, or — when
 * that was not possible — the first poll's baseline p99, applied from the next poll on.
 *
 * Never the same poll's: the baseline's own p99 puts exactly 1 % of the baseline's requests above
 * it, while a canary with the very same latency has ~2 % above it at 100 requests a poll (the
 * 99th of 100 baseline samples sits below the true p99), so a healthy canary looks twice as slow
 * and is aborted. The cut is learned once and then kept: the harm test needs one fixed cut.
 */
export class LatencyCut {
  private cutMs: number | undefined;

  constructor(userCutMs?: number) {
    this.cutMs = userCutMs;
  }

  /** The cut in force now, for data that has not been split yet. */
  get currentMs(): number | undefined {
    return this.cutMs;
  }

  /**
   * Splits one poll with the cut decided before it, then lets the poll's baseline p99 decide
   * the cut for later polls if there is none yet. The order is the point: `count` never sees a
   * cut that this poll's data helped to choose.
   */
  splitThenLearn<T>(count: (cutMs: number | undefined) => T, baselineP99Ms: number | undefined): T {
    const result = count(this.cutMs);
    this.learn(baselineP99Ms);
    return result;
  }

  /** Takes a baseline p99 (from before the canary, or from a poll already split) when no cut is set yet. */
  learn(baselineP99Ms: number | undefined): void {
    if (this.cutMs === undefined && baselineP99Ms !== undefined && Number.isFinite(baselineP99Ms) && baselineP99Ms > 0) this.cutMs = baselineP99Ms;
  }
}
