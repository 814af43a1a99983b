/** What one arm served during one poll (counts since the previous poll, not running totals). */
export interface Counts {
  requests: number;
  errors: number;
  /** Requests slower than the latency cut (e.g. the baseline's p90 or p99 bucket boundary). */
  slow: number;
  /** The arm's p99 latency over the poll in milliseconds, only needed for an absolute p99 limit. */
  p99Ms?: number;
}

export interface Poll {
  canary: Counts;
  /** Omitted when there is no baseline arm: then only the threshold rules can judge. */
  baseline?: Counts;
  /** Rollout step this poll belongs to; a new value starts a new step for `advance`. */
  step?: number;
}

/** The two event families the harm test watches; each gets alpha / 2 of the false-abort budget. */
export const eventFamilies = ['errors', 'slow'] as const;
export type EventFamily = (typeof eventFamilies)[number];
