/**
 * Sequential test of "the canary has more events (errors, slow requests) per request than the
 * baseline", on the canary's share of the poll's events given its share of the poll's requests.
 *
 * If each arm's events are Poisson with rate requests × λ(arm, t), then given the poll's total
 * events E, the canary's events are Binomial(E, q) with q = rp / (rp + 1 − p), where p is the
 * canary's share of requests and r = λ(canary, t) / λ(baseline, t). A baseline rate that moves
 * (a shared incident) cancels out: only the ratio r matters. Under "no harm" (r = 1) each poll's
 * likelihood ratio has expectation 1, so the running product is a martingale and a uniform
 * mixture over a grid of ratios is one too; Ville's inequality then bounds the chance that it
 * ever reaches 1/alpha by alpha, however often it is looked at.
 */

/** Harm ratios the mixture spreads its weight over (uniformly). */
export const defaultHarmRatios: readonly number[] = [1.25, 1.5, 2, 3, 5, 10];

/** Canary's expected share of events when its rate is `ratio` times the baseline's. */
export function eventShare(requestShare: number, ratio: number): number {
  return (ratio * requestShare) / (ratio * requestShare + 1 - requestShare);
}

/**
 * log of the likelihood ratio Binomial(E, q_ratio) / Binomial(E, q_nullRatio) for one poll where
 * the canary saw `canaryEvents` of the `canaryEvents + baselineEvents` events. With the default
 * nullRatio 1, q_nullRatio is the request share itself.
 */
export function pollLogLikelihoodRatio(
  canaryEvents: number,
  baselineEvents: number,
  requestShare: number,
  ratio: number,
  nullRatio = 1,
): number {
  const q = eventShare(requestShare, ratio);
  const q0 = eventShare(requestShare, nullRatio);
  return canaryEvents * Math.log(q / q0) + baselineEvents * Math.log((1 - q) / (1 - q0));
}

/** log(Σ w_i exp(x_i)) with equal weights, without overflow. */
export function logMeanExp(values: readonly number[]): number {
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (const v of values) sum += Math.exp(v - max);
  return max + Math.log(sum / values.length);
}

export interface HarmEvidence {
  /** log of the mixture likelihood ratio accumulated so far (0 at the start). */
  logMixture: number;
  /** The grid ratio with the largest likelihood so far. */
  likeliestRatio: number;
}

interface PollRecord {
  // The lower bound replays the polls with the same temper and cap as the test itself.
  canaryEvents: number;
  baselineEvents: number;
  share: number;
  temper: number;
}

/** Candidate lower bounds for the harm ratio, 5 % apart: the "at least 1.6x" in a reason. */
const lowerBoundCandidates: readonly number[] = Array.from({ length: 62 }, (_, i) => 1.05 ** (i + 1));

export class SequentialHarmTest {
  private readonly logRatios: number[];
  /** Kept so a lower bound for the ratio can be computed when (rarely) it is needed. */
  private readonly history: PollRecord[] = [];

  /**
   * @param maxPollLogRatio cap on what one poll may add to a log likelihood ratio. A lone poll
   * with a burst of canary events is more often a cluster than a verdict, so no single poll may
   * abort on its own. Capping keeps the bound: min(LR, c) ≤ LR pointwise, so its expectation
   * under "no harm" is still ≤ 1.
   */
  constructor(
    private readonly ratios: readonly number[] = defaultHarmRatios,
    private readonly maxPollLogRatio = Infinity,
  ) {
    if (ratios.length === 0 || ratios.some((r) => !(r > 1))) throw new Error('harm ratios must be > 1');
    if (!(maxPollLogRatio > 0)) throw new Error('maxPollLogRatio must be > 0');
    this.logRatios = ratios.map(() => 0);
  }

  /**
   * Adds one poll. `temper` ≥ 1 raises the poll's likelihood ratio to the power 1/temper: for
   * over-dispersed (clustered) events this is the quasi-likelihood correction, and because
   * x ↦ x^(1/temper) is concave, E[LR^(1/temper)] ≤ 1 still holds for independent events, so a
   * temper fixed before the poll is seen never breaks the alpha bound.
   */
  observe(canaryEvents: number, canaryRequests: number, baselineEvents: number, baselineRequests: number, temper = 1): void {
    if (canaryRequests <= 0 || baselineRequests <= 0 || canaryEvents + baselineEvents === 0) return;
    const share = canaryRequests / (canaryRequests + baselineRequests);
    const t = Math.max(1, temper);
    for (let i = 0; i < this.ratios.length; i++) {
      const llr = pollLogLikelihoodRatio(canaryEvents, baselineEvents, share, this.ratios[i]!) / t;
      this.logRatios[i]! += Math.min(llr, this.maxPollLogRatio);
    }
    this.history.push({ canaryEvents, baselineEvents, share, temper: t });
  }

  evidence(): HarmEvidence {
    let best = 0;
    for (let i = 1; i < this.logRatios.length; i++) if (this.logRatios[i]! > this.logRatios[best]!) best = i;
    return { logMixture: logMeanExp(this.logRatios), likeliestRatio: this.ratios[best]! };
  }

  /**
   * The largest ρ for which "ratio ≤ ρ" is rejected by the same mixture test shifted to ρ
   * (alternatives ρ × grid). The binomial has a monotone likelihood ratio, so each shifted test
   * is valid for every ratio ≤ ρ, and the bound is anytime-valid at the same level. Returns 1
   * when not even "no harm" is rejected.
   */
  ratioLowerBound(logLevel: number): number {
    let bound = 1;
    for (const rho of lowerBoundCandidates) {
      const sums = this.ratios.map((g) => {
        let s = 0;
        for (const p of this.history) {
          s += Math.min(pollLogLikelihoodRatio(p.canaryEvents, p.baselineEvents, p.share, rho * g, rho) / p.temper, this.maxPollLogRatio);
        }
        return s;
      });
      if (logMeanExp(sums) < logLevel) break;
      bound = rho;
    }
    return bound;
  }
}
