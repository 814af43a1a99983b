export { waitUntil, type Attempt, type WaitOptions, type WaitResult } from './wait-until';
export { checkHealthOnce, waitUntilHealthy } from './http-health';
export { runCheck, type HttpCheck, type CheckExpectations, type CheckResult } from './http-check';
export { waitForCheck, type ReadinessOptions } from './readiness';
export { runLoad, type LoadOptions, type LoadResult } from './load-burst';
export { latencyStats, type LatencyStats } from './percentiles';
export { statusMatches, describeStatus, STATUS_CLASS, type StatusExpectation } from './status-expectation';
export { jsonSubsetMismatch } from './json-subset';
export {
  parseThreshold,
  parseThresholdList,
  evaluateThresholds,
  formatLatency,
  THRESHOLD_SYNTAX,
  type Threshold,
  type ThresholdMetric,
  type ThresholdResult,
} from './thresholds';
