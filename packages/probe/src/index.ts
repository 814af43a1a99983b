export { waitUntil, type Attempt, type WaitOptions, type WaitResult } from './wait-until';
export { checkHealthOnce, waitUntilHealthy } from './http-health';
