import { ShipgateError, formatPercentage } from '@shipgate/core';
import { eventFamilies, type Counts, type EventFamily, type Poll } from './counts';
import { DispersionEstimate } from './dispersion';
import { SequentialHarmTest, defaultHarmRatios } from './harm-test';
import { formatCount, formatRatio } from './number-format';
import { brokenThreshold } from './threshold-rules';

export type Verdict = 'continue' | 'advance' | 'abort';

export interface JudgeOptions {
  /** Chance of aborting a canary that is no worse than its baseline, over the whole rollout. */
  alpha?: number;
  /** Canary requests a step needs before it may advance (and before threshold rules speak). */
  minRequests?: number;
  maxErrorRate?: number;
  maxP99Ms?: number;
  /** Harm ratios the sequential test mixes over; the default suits most services. */
  harmRatios?: readonly number[];
}

export interface FamilyEvidence {
  canaryRate: number;
  baselineRate: number;
  /** log of the mixture likelihood ratio; the test aborts at `logAbortLevel`. */
  logLikelihoodRatio: number;
  /** Current over-dispersion temper (1 = events look independent). */
  temper: number;
}

export interface Judgement {
  poll: number;
  verdict: Verdict;
  reason: string;
  step: number;
  canaryRequests: number;
  stepCanaryRequests: number;
  /** log(families / alpha): the level either family's likelihood ratio must reach to abort. */
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

function checkOptions(options: JudgeOptions): Required<Pick<JudgeOptions, 'alpha' | 'minRequests'>> {
  const alpha = options.alpha ?? 0.05;
  const minRequests = options.minRequests ?? 500;
  if (!(alpha > 0 && alpha < 1)) throw new ShipgateError(`alpha must be between 0 and 1 (exclusive), got ${alpha}`);
  if (!Number.isInteger(minRequests) || minRequests < 0) throw new ShipgateError(`minRequests must be a whole number ≥ 0, got ${minRequests}`);
  if (options.maxErrorRate !== undefined && !(options.maxErrorRate >= 0 && options.maxErrorRate <= 1)) {
    throw new ShipgateError(`maxErrorRate must be a fraction between 0 and 1, got ${options.maxErrorRate}`);
  }
  if (options.maxP99Ms !== undefined && !(options.maxP99Ms > 0)) throw new ShipgateError(`maxP99Ms must be > 0, got ${options.maxP99Ms}`);
  return { alpha, minRequests };
}

export function createJudge(options: JudgeOptions = {}): Judge {
  const { alpha, minRequests } = checkOptions(options);
  const logAbortLevel = Math.log(eventFamilies.length / alpha);
  const harmRatios = options.harmRatios ?? defaultHarmRatios;
  // Half the abort level per poll: at least two polls must agree before the test aborts.
  const maxPollLogRatio = logAbortLevel / 2;
  const tests = { errors: new SequentialHarmTest(harmRatios, maxPollLogRatio), slow: new SequentialHarmTest(harmRatios, maxPollLogRatio) };
  const dispersion = { errors: new DispersionEstimate(), slow: new DispersionEstimate() };
  const canaryTotal = emptyCounts();
  const baselineTotal = emptyCounts();
  let stepTotal = emptyCounts();
  let step = 0;
  let polls = 0;
  let final: Judgement | undefined;

  const rate = (events: number, requests: number) => (requests > 0 ? events / requests : 0);

  function familyEvidence(family: EventFamily, temper: number): FamilyEvidence {
    return {
      canaryRate: rate(canaryTotal[family], canaryTotal.requests),
      baselineRate: rate(baselineTotal[family], baselineTotal.requests),
      logLikelihoodRatio: tests[family].evidence().logMixture,
      temper,
    };
  }

  function harmReason(family: EventFamily, evidence: FamilyEvidence): string {
    const bound = tests[family].ratioLowerBound(logAbortLevel);
    const claim = bound > 1 ? `is at least ${formatRatio(bound)} baseline` : 'is above baseline';
    return `canary ${familyNames[family]} ${claim} (${formatPercentage(evidence.canaryRate)} vs ${formatPercentage(evidence.baselineRate)}), ${formatCount(canaryTotal.requests)} canary requests`;
  }

  return {
    observe(poll: Poll): Judgement {
      if (final) return { ...final, poll: polls + 1 };
      validateCounts(poll.canary, 'canary');
      if (poll.baseline) validateCounts(poll.baseline, 'baseline');
      polls += 1;
      if (poll.step !== undefined && poll.step !== step) {
        step = poll.step;
        stepTotal = emptyCounts();
      }
      addCounts(canaryTotal, poll.canary);
      addCounts(stepTotal, poll.canary);

      const tempers = { errors: 1, slow: 1 };
      const baseline = poll.baseline;
      if (baseline) {
        addCounts(baselineTotal, baseline);
        for (const family of eventFamilies) {
          // The temper comes from earlier polls only, so it is fixed before this poll is seen.
          tempers[family] = dispersion[family].temper();
          tests[family].observe(poll.canary[family], poll.canary.requests, baseline[family], baseline.requests, tempers[family]);
          dispersion[family].add(baseline[family], baseline.requests);
        }
      }
      const families = { errors: familyEvidence('errors', tempers.errors), slow: familyEvidence('slow', tempers.slow) };
      const judgement = (verdict: Verdict, reason: string): Judgement => ({
        poll: polls,
        verdict,
        reason,
        step,
        canaryRequests: canaryTotal.requests,
        stepCanaryRequests: stepTotal.requests,
        logAbortLevel,
        families,
      });

      const harmed = eventFamilies.find((f) => families[f].logLikelihoodRatio >= logAbortLevel);
      if (harmed) return (final = judgement('abort', harmReason(harmed, families[harmed])));
      const broken = brokenThreshold(stepTotal, poll.canary, { ...options, minRequests });
      if (broken) return (final = judgement('abort', broken));
      // Evidence leaning towards harm (past half the abort level, which one bad poll can reach)
      // holds the step: moving more traffic onto a suspect canary is what the judge is for.
      const suspect = eventFamilies.find((f) => families[f].logLikelihoodRatio >= logAbortLevel / 2);
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
