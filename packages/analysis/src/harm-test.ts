/**
 * Sequential test of "the canary has more than `margin` times the baseline's events (errors,
 * slow requests) per request", on the canary's share of each poll's events.
 *
 * The null: given everything seen before and this poll's request counts and total events E,
 * the canary's expected events are at most q_m·E, where q_m = m·p / (m·p + 1 − p) is the share
 * a canary with exactly `margin` (m) times the baseline's rate would get, and p is the canary's
 * share of the poll's requests. That holds when events come in clusters (retries, a reload, one
 * bad pod answering several requests) of any size, as long as each cluster lands on an arm in
 * proportion to that arm's requests times its rate: then E[canary events | E, cluster sizes] =
 * q·E with q ≤ q_m. It does not need the events to be independent, Poisson or binomial.
 *
 * Each poll is a bet that is linear in the canary's events: 1 + β·(c − q_m·E)/(q_m·E) with
 * 0 ≤ β < 1 fixed before c is seen. Under the null its expectation is ≤ 1 whatever the cluster
 * sizes, and it is never negative, so the running product is a nonnegative supermartingale;
 * so is a weighted average of several such products. Ville's inequality bounds the chance that
 * it ever reaches 1/a by a, however often it is looked at.
 *
 * The bet size comes from an alternative ratio ρ: β ≈ λ·q_m·E with λ = (q_ρ − q_m) / (q_m(1 − q_m))
 * (the bet a likelihood ratio for ρ makes per event), shrunk for polls with many events and
 * capped so one poll where the canary happens to get no events costs little. The test averages
 * the products for a log-uniform spread of ρ (a continuous mixture, discretised finely).
 */

/** Alternatives the mixture spreads its weight over, as multiples of the margin: log-uniform on 1.2x–5x. */
export const defaultHarmRatios: readonly number[] = logUniformGrid(1.2, 5, 40);

/** Bets above this fraction of the poll's stake are cut: a poll where the canary gets 0 events then costs at most log(1/(1−0.8)). */
const maxBet = 0.95;
/** β = x / (1 + shrink·x) with x the per-event bet times the poll's expected canary events: polls with many events bet less than linearly. */
const betShrink = 0.5;

/** `count` points evenly spaced in log between lo and hi (cell midpoints), for a continuous log-uniform prior. */
export function logUniformGrid(lo: number, hi: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.exp(Math.log(lo) + ((Math.log(hi) - Math.log(lo)) * (i + 0.5)) / count));
}

/** Canary's expected share of events when its rate is `ratio` times the baseline's. */
export function eventShare(requestShare: number, ratio: number): number {
  return (ratio * requestShare) / (ratio * requestShare + 1 - requestShare);
}

/** The fraction of its stake the poll's bet for alternative `ratio` puts on the canary (0 ≤ β ≤ 0.8). */
export function pollBet(totalEvents: number, requestShare: number, ratio: number, nullRatio: number): number {
  const q0 = eventShare(requestShare, nullRatio);
  const q = eventShare(requestShare, ratio);
  const perEvent = (q - q0) / (q0 * (1 - q0));
  const x = perEvent * q0 * totalEvents;
  return Math.min(maxBet, x / (1 + betShrink * x));
}

/**
 * log of one poll's e-value for alternative `ratio` against the null "ratio ≤ nullRatio": the
 * canary saw `canaryEvents` of the poll's `canaryEvents + baselineEvents` events, with
 * `requestShare` of its requests.
 */
export function pollLogEvidence(canaryEvents: number, baselineEvents: number, requestShare: number, ratio: number, nullRatio = 1): number {
  const total = canaryEvents + baselineEvents;
  if (total === 0) return 0;
  const expected = eventShare(requestShare, nullRatio) * total;
  const beta = pollBet(total, requestShare, ratio, nullRatio);
  return Math.log1p((beta * (canaryEvents - expected)) / expected);
}

/** log(Σ w_i exp(x_i)) with weights summing to 1 (equal weights when none are given), without overflow. */
export function logMeanExp(values: readonly number[], weights?: readonly number[]): number {
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (weights ? weights[i]! : 1) * Math.exp(values[i]! - max);
  return max + Math.log(weights ? sum : sum / values.length);
}

export interface HarmEvidence {
  /** log of the mixture e-value accumulated so far (0 at the start). */
  logMixture: number;
  /** The alternative ratio (absolute, margin included) whose bets have won most so far. */
  likeliestRatio: number;
}

/** One poll, as the test saw it: what the lower bound replays. */
export interface PollRecord {
  canaryEvents: number;
  baselineEvents: number;
  share: number;
}

/** Candidate lower bounds for the harm ratio, 5 % apart: the "at least 1.6x" in a reason. */
const lowerBoundCandidates: readonly number[] = Array.from({ length: 62 }, (_, i) => 1.05 ** (i + 1));

export interface HarmTestOptions {
  /** The null is "canary rate ≤ margin × baseline rate"; 1 tests "no worse at all". */
  margin?: number;
  /** Alternatives as multiples of the margin (each > 1), equally weighted. */
  ratios?: readonly number[];
  /**
   * Cap on what one poll may add to each alternative's log e-value. min(e, c) ≤ e pointwise,
   * so the cap keeps the bound; it makes sure no single poll aborts on its own.
   */
  maxPollLogEvidence?: number;
}

export class SequentialHarmTest {
  readonly margin: number;
  private readonly ratios: readonly number[];
  private readonly maxPollLogEvidence: number;
  private readonly logEvidence: number[];
  /** Kept so a lower bound for the ratio can be computed when (rarely) it is needed. */
  private readonly history: PollRecord[] = [];

  constructor(options: HarmTestOptions = {}) {
    this.margin = options.margin ?? 1;
    this.ratios = options.ratios ?? defaultHarmRatios;
    this.maxPollLogEvidence = options.maxPollLogEvidence ?? Infinity;
    if (!(this.margin >= 1 && Number.isFinite(this.margin))) throw new Error('margin must be a finite number ≥ 1');
    if (this.ratios.length === 0 || this.ratios.some((r) => !(r > 1 && Number.isFinite(r)))) throw new Error('harm ratios must be finite and > 1');
    if (!(this.maxPollLogEvidence > 0)) throw new Error('maxPollLogEvidence must be > 0');
    this.logEvidence = this.ratios.map(() => 0);
  }

  /** Adds one poll. A poll with no events or an empty arm says nothing and is skipped. */
  observe(canaryEvents: number, canaryRequests: number, baselineEvents: number, baselineRequests: number): void {
    if (canaryRequests <= 0 || baselineRequests <= 0 || canaryEvents + baselineEvents === 0) return;
    const record = { canaryEvents, baselineEvents, share: canaryRequests / (canaryRequests + baselineRequests) };
    for (let i = 0; i < this.ratios.length; i++) this.logEvidence[i]! += this.pollEvidence(record, this.margin, this.margin * this.ratios[i]!);
    this.history.push(record);
  }

  private pollEvidence(poll: PollRecord, nullRatio: number, ratio: number): number {
    return Math.min(pollLogEvidence(poll.canaryEvents, poll.baselineEvents, poll.share, ratio, nullRatio), this.maxPollLogEvidence);
  }

  evidence(): HarmEvidence {
    let best = 0;
    for (let i = 1; i < this.logEvidence.length; i++) if (this.logEvidence[i]! > this.logEvidence[best]!) best = i;
    return { logMixture: logMeanExp(this.logEvidence), likeliestRatio: this.margin * this.ratios[best]! };
  }

  /**
   * The largest ρ ≥ margin for which "ratio ≤ ρ" is rejected by the same mixture test shifted to
   * ρ (null ρ, alternatives ρ × ratios). Each shifted test is a valid test of "ratio ≤ ρ" (its
   * bets have expectation ≤ 1 whenever the canary's expected share is at most q_ρ), so the
   * bound is anytime-valid at the same level. Returns `margin` when even the test's own null is
   * not rejected.
   */
  ratioLowerBound(logLevel: number): number {
    let bound = this.margin;
    for (const rho of lowerBoundCandidates) {
      if (rho <= this.margin) continue;
      const sums = this.ratios.map((g) => {
        let s = 0;
        for (const poll of this.history) s += this.pollEvidence(poll, rho, rho * g);
        return s;
      });
      if (logMeanExp(sums) < logLevel) break;
      bound = rho;
    }
    return bound;
  }
}
