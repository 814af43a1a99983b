import type { Reply } from './handler';
import { compileRoutePattern } from './route-pattern';
import type { RouteMatcher, RoutePattern } from './route-pattern';

export interface FailureOptions {
  /** HTTP status to answer with; 500 by default. 403 or 429 make a secondary rate limit. */
  status?: number;
  /** Extra response headers, e.g. `{ 'retry-after': '2' }`. */
  headers?: Record<string, string>;
  /** How many matching requests fail before the route works again; 1 by default. */
  count?: number;
  /** Response body; GitHub's own wording for the status by default. */
  body?: unknown;
  /**
   * What the failure does: `answer` (default) answers `status` without doing the request;
   * `write-then-answer` does the request (e.g. creates the deployment) and then answers
   * `status` instead — an answer lost after the write; `write-then-reset` does it and then
   * drops the connection with no answer; `write-then-hang` does it and never answers;
   * `reset` drops it without doing anything; `hang` never answers.
   */
  mode?: FaultMode;
}

export type FaultMode = 'answer' | 'write-then-answer' | 'write-then-reset' | 'write-then-hang' | 'reset' | 'hang';

/** An injected failure for one request. */
export interface InjectedFault {
  mode: FaultMode;
  reply: Reply;
}

/**
 * The message Octokit's throttling plugin recognises (/\bsecondary rate\b/i) as a
 * secondary rate limit; GitHub sends it with 403 or 429.
 */
const SECONDARY_RATE_LIMIT_MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.';

interface Failure extends InjectedFault {
  match: RouteMatcher;
  remaining: number;
}

/** Answers the next matching requests with an injected failure, so tests can prove clients recover. */
export class FaultInjector {
  private readonly failures: Failure[] = [];

  add(pattern: RoutePattern, options: FailureOptions = {}): void {
    const status = options.status ?? 500;
    const isRateLimit = status === 403 || status === 429;
    const headers = {
      // Without retry-after the throttling plugin waits 60 s; tests should not.
      ...(isRateLimit ? { 'retry-after': '1' } : {}),
      ...lowerCaseKeys(options.headers ?? {}),
    };
    const body = options.body ?? { message: isRateLimit ? SECONDARY_RATE_LIMIT_MESSAGE : defaultMessage(status) };
    this.failures.push({ match: compileRoutePattern(pattern), remaining: options.count ?? 1, mode: options.mode ?? 'answer', reply: { status, headers, body } });
  }

  /** The injected reply for this request, consuming one use of the first matching failure. */
  take(method: string, path: string): InjectedFault | undefined {
    const index = this.failures.findIndex((failure) => failure.match(method, path) !== undefined);
    const failure = this.failures[index];
    if (failure === undefined) return undefined;
    failure.remaining -= 1;
    if (failure.remaining <= 0) this.failures.splice(index, 1);
    return { mode: failure.mode, reply: failure.reply };
  }
}

function defaultMessage(status: number): string {
  if (status === 502) return 'Server Error: Bad Gateway';
  if (status >= 500) return 'Server Error';
  return `Injected failure ${status}`;
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
