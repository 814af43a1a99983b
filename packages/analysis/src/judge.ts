import { ShipgateError, formatPercentage } from '@shipgate/core';
import { eventFamilies, type Counts, type EventFamily, type Poll } from './counts';
import { SequentialHarmTest, defaultHarmRatios } from './harm-test';
import { formatCount, formatRatio } from './number-format';
import { brokenThreshold } from './threshold-rules';

export type Verdict = 'continue' | 'advance' | 'abort';

export interface JudgeOptions {
  /**
   * Chance that the sequential test aborts a canary no worse than `harmMargin` times its
   * baseline, over the whole rollout (threshold rules are outside it).
   */
  alpha?: number;
  /**
   * Ratio of canary to baseline rates (errors, slow requests) that is not harm: a canary up to
   * this much worse is covered by `alpha`. Default 1.1; 1 tests "no worse at all".
   */
  harmMargin?: number;
  /** Canary requests a step needs before it may advance (and before threshold rules speak). */
  minRequests?: number;
  maxErrorRate?: number;
  maxP99Ms?: number;
  /** Alternatives the sequential test mixes over, as multiples of `harmMargin` (each > 1); the default suits most services. */
  harmRatios?: readonly number[];
}

export interface FamilyEvidence {
  canaryRate: number;
  baselineRate: number;
  /** log of the family's mixture e-value (its evidence of harm); the test aborts at `logAbortLevel`. */
  logLikelihoodRatio: number;
  /** log(1 / this family's share of alpha). */
  logAbortLevel: number;
}

export interface Judgement {
  poll: number;
  verdict: Verdict;
  reason: string;
  step: number;
  canaryRequests: number;
  stepCanaryRequests: number;
  /** The errors family's abort level, log(1 / (0.75 alpha)); each family's own is in `families`. */
  logAbortLevel: number;
  families: Record<EventFamily, FamilyEvidence>;
}

/** The Judge seam: fed one poll at a time, answers whether the canary may go on. */
export interface Judge {
  observe(poll: Poll): Judgement;
}

const familyNames: Record<EventFamily, string> = { errors: 'error rate', slow: 'slow-request rate' };

const emptyCounts = (): Counts => ({ requests: 0, errors: 0, slow: 0 });

function addCounts(into: Counts, c: Counts): void {
  into.requests += c.requests;
  into.errors += c.errors;
  into.slow += c.slow;
}

export function validateCounts(c: Counts, where: string): void {
  for (const key of ['requests', 'errors', 'slow'] as const) {
    const v = c[key];
    if (!Number.isInteger(v) || v < 0) throw new ShipgateError(`${where}.${key} must be a whole number ≥ 0, got ${String(v)}`);
  }
  if (c.errors > c.requests) throw new ShipgateError(`${where}.errors (${c.errors}) cannot exceed ${where}.requests (${c.requests})`);
  if (c.slow > c.requests) throw new ShipgateError(`${where}.slow (${c.slow}) cannot exceed ${where}.requests (${c.requests})`);
}

/**
 * How alpha is split between the families (a union bound: valid whatever the dependence
 * between a poll's errors and its slow requests). Errors get most of it: they are rare, so
 * their evidence is slow to build, while slow requests above a p90 or p99 cut are plentiful.
 */
export const alphaShares: Record<EventFamily, number> = { errors: 0.75, slow: 0.25 };

function checkOptions(options: JudgeOptions): { alpha: number; minRequests: number; harmMargin: number } {
  const alpha = options.alpha ?? 0.05;
  const minRequests = options.minRequests ?? 500;
  const harmMargin = options.harmMargin ?? defaultHarmMargin;
  if (!(alpha > 0 && alpha < 1)) throw new ShipgateError(`alpha must be between 0 and 1 (exclusive), got ${alpha}`);
  if (!Number.isInteger(minRequests) || minRequests < 0) throw new ShipgateError(`minRequests must be a whole number ≥ 0, got ${minRequests}`);
  if (!(harmMargin >= 1 && harmMargin <= 10)) throw new ShipgateError(`harmMargin must be a ratio from 1 to 10 (1.1 = up to 10 % worse is not harm), got ${harmMargin}`);
  if (options.maxErrorRate !== undefined && !(options.maxErrorRate >= 0 && options.maxErrorRate <= 1)) {
    throw new ShipgateError(`maxErrorRate must be a fraction between 0 and 1, got ${options.maxErrorRate}`);
  }
  if (options.maxP99Ms !== undefined && !(options.maxP99Ms > 0)) throw new ShipgateError(`maxP99Ms must be > 0, got ${options.maxP99Ms}`);
  return { alpha, minRequests, harmMargin };
}

/** A canary up to 10 % worse than its baseline is not harm by default. */
export const defaultHarmMargin = 1.1;

export function createJudge(options: JudgeOptions = {}): Judge {
  const { alpha, minRequests, harmMargin } = checkOptions(options);
  const logAbortLevels = { errors: Math.log(1 / (alphaShares.errors * alpha)), slow: Math.log(1 / (alphaShares.slow * alpha)) };
  const harmRatios = options.harmRatios ?? defaultHarmRatios;
  // Half the abort level per poll: at least two polls must agree before the test aborts.
  const test = (family: EventFamily) => new SequentialHarmTest({ margin: harmMargin, ratios: harmRatios, maxPollLogEvidence: logAbortLevels[family] / 2 });
  const tests = { errors: test('errors'), slow: test('slow') };
  const canaryTotal = emptyCounts();
  const baselineTotal = emptyCounts();
  let stepTotal = emptyCounts();
  let step = 0;
  let polls = 0;
  let aborted: Judgement | undefined;

  const rate = (events: number, requests: number) => (requests > 0 ? events / requests : 0);

  function familyEvidence(family: EventFamily): FamilyEvidence {
    return {
      canaryRate: rate(canaryTotal[family], canaryTotal.requests),
      baselineRate: rate(baselineTotal[family], baselineTotal.requests),
      logLikelihoodRatio: tests[family].evidence().logMixture,
      logAbortLevel: logAbortLevels[family],
    };
  }

  function harmReason(family: EventFamily, evidence: FamilyEvidence): string {
    const bound = tests[family].ratioLowerBound(logAbortLevels[family]);
    const claim = bound > 1 ? `is at least ${formatRatio(bound)} baseline` : 'is above baseline';
    return `canary ${familyNames[family]} ${claim} (${formatPercentage(evidence.canaryRate)} vs ${formatPercentage(evidence.baselineRate)}), ${formatCount(canaryTotal.requests)} canary requests`;
  }

  return {
    observe(poll: Poll): Judgement {
      if (aborted) {
        // A verdict of abort is final; a caller still polling has lost track of it (the rollout must roll back).
        throw new Error(`the judge aborted at poll ${aborted.poll} (${aborted.reason}); observe() after an abort is refused`);
      }
      validateCounts(poll.canary, 'canary');
      if (poll.baseline) validateCounts(poll.baseline, 'baseline');
      polls += 1;
      if (poll.step !== undefined && poll.step !== step) {
        step = poll.step;
        stepTotal = emptyCounts();
      }
      addCounts(canaryTotal, poll.canary);
      addCounts(stepTotal, poll.canary);

      const baseline = poll.baseline;
      if (baseline) {
        addCounts(baselineTotal, baseline);
        for (const family of eventFamilies) tests[family].observe(poll.canary[family], poll.canary.requests, baseline[family], baseline.requests);
      }
      const families = { errors: familyEvidence('errors'), slow: familyEvidence('slow') };
      const judgement = (verdict: Verdict, reason: string): Judgement => ({
        poll: polls,
        verdict,
        reason,
        step,
        canaryRequests: canaryTotal.requests,
        stepCanaryRequests: stepTotal.requests,
        logAbortLevel: logAbortLevels.errors,
        families,
      });

      const harmed = eventFamilies.find((f) => families[f].logLikelihoodRatio >= logAbortLevels[f]);
      if (harmed) return (aborted = judgement('abort', harmReason(harmed, families[harmed])));
      const broken = brokenThreshold(stepTotal, poll.canary, { ...options, minRequests });
      if (broken) return (aborted = judgement('abort', broken));
      // Evidence leaning towards harm (past a third of the abort level, which one bad poll can
      // reach) holds the step: moving more traffic onto a suspect canary is what the judge is for.
      const suspect = eventFamilies.find((f) => families[f].logLikelihoodRatio >= logAbortLevels[f] / 3);
      if (suspect) {
        const evidence = families[suspect];
        return judgement(
          'continue',
          `watching: canary ${familyNames[suspect]} ${formatPercentage(evidence.canaryRate)} vs ${formatPercentage(evidence.baselineRate)} baseline is suspect but not yet conclusive, ${formatCount(canaryTotal.requests)} canary requests`,
        );
      }
      if (stepTotal.requests >= minRequests) {
        const compared = baselineTotal.requests > 0
          ? `no harm found: canary error rate ${formatPercentage(families.errors.canaryRate)} vs ${formatPercentage(families.errors.baselineRate)} baseline`
          : 'no threshold broken (no baseline to compare)';
        return judgement('advance', `${compared}, ${formatCount(stepTotal.requests)} canary requests this step`);
      }
      return judgement('continue', `collecting evidence: ${formatCount(stepTotal.requests)} of ${formatCount(minRequests)} canary requests this step`);
    },
  };
}
