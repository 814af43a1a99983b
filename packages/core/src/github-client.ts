import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { restEndpointMethods } from '@octokit/plugin-rest-endpoint-methods';
import { waitUnlessCancelled } from './cancellable-wait';
import { classifyGitHubFailure, GitHubCallCancelled, GitHubCallTimedOut, type GitHubFailure } from './github-failure';

// Retries are shipgate's own (below), not @octokit/plugin-retry and plugin-throttling: those
// retry a POST whose answer was lost (a second deployment), sleep a `retry-after: 600` in
// full, and cannot be interrupted when the job is cancelled.
const ShipgateOctokit = Octokit.plugin(restEndpointMethods, paginateRest);
export type GitHubClient = InstanceType<typeof ShipgateOctokit>;

/**
 * How long shipgate spends on one GitHub call, documented in the README ("When GitHub fails").
 * Worst case for one call: the retry budget plus one attempt, 20 s + 6 s.
 */
export interface GitHubCallLimits {
  /** One attempt; shorter than the ~7.5 s the runner leaves between its SIGINT and SIGTERM. */
  attemptTimeoutMs: number;
  maxAttempts: number;
  /** Waits before the 2nd, 3rd, 4th attempt after a 5xx, a timeout or an unreachable GitHub. */
  backoffMs: readonly number[];
  /** A rate limit asking for a longer wait than this is not waited for: the call fails at once. */
  maxRetryAfterMs: number;
  /** No retry starts once this much time has gone into the call. */
  retryBudgetMs: number;
}

export const GITHUB_CALL_LIMITS: GitHubCallLimits = {
  attemptTimeoutMs: 6_000,
  maxAttempts: 4,
  backoffMs: [1_000, 2_000, 4_000],
  maxRetryAfterMs: 10_000,
  retryBudgetMs: 20_000,
};

export interface GitHubClientOptions {
  token: string;
  /** REST base URL; the runner provides GITHUB_API_URL (GitHub Enterprise differs from api.github.com). */
  baseUrl: string;
  /** Where retry/rate-limit notices go. */
  warn: (message: string) => void;
  /**
   * The job's cancellation. Calls in flight when it fires are aborted and nothing is retried
   * after it; a call started afterwards (the cleanup recording a final status) runs with its
   * own attempt timeout only, so it can still land.
   */
  signal?: AbortSignal;
  limits?: Partial<GitHubCallLimits>;
}

/** Per-request option: do not repeat this request after a 5xx, timeout or lost connection (it may have been done). */
export interface ShipgateRequestOptions {
  retryUnanswered?: boolean;
}

/** Attached to the error a call finally fails with, for a message saying what was tried. */
export interface GitHubCallAttempts {
  shipgateAttempts?: number;
  shipgateFailure?: GitHubFailure;
}

/**
 * Octokit with bounded, cancellable retries for transient 5xx answers, timeouts, lost
 * connections and GitHub's rate limits: a deploy must not fail, or be left half-recorded,
 * because the API hiccuped once — nor hang for minutes when GitHub is down.
 */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const limits = { ...GITHUB_CALL_LIMITS, ...options.limits };
  const jobSignal = options.signal;
  const octokit = new ShipgateOctokit({
    auth: options.token,
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    userAgent: 'shipgate',
    request: { fetch: fetchWithLimits(limits.attemptTimeoutMs, jobSignal) },
    log: { debug: () => {}, info: () => {}, warn: options.warn, error: options.warn },
  });
  octokit.hook.wrap('request', async (request, requestOptions) => {
    const started = Date.now();
    const retryUnanswered = (requestOptions.request as ShipgateRequestOptions | undefined)?.retryUnanswered !== false;
    for (let attempt = 1; ; attempt++) {
      try {
        return await request(requestOptions);
      } catch (error) {
        const failure = classifyGitHubFailure(error);
        const wait = retryWait(failure, attempt, Date.now() - started, limits, retryUnanswered);
        if (wait === undefined || jobSignal?.aborted) throw annotate(error, attempt, failure);
        const { method, url } = octokit.request.endpoint.parse(requestOptions);
        const call = `${method} ${new URL(url).pathname}`;
        options.warn(`GitHub ${failure.summary} on ${call}; retrying in ${(wait / 1000).toFixed(1)}s (attempt ${attempt + 1} of ${limits.maxAttempts})`);
        if (!(await waitUnlessCancelled(wait, jobSignal))) throw annotate(error, attempt, failure);
      }
    }
  });
  return octokit;
}

function retryWait(failure: GitHubFailure, attempt: number, elapsedMs: number, limits: GitHubCallLimits, retryUnanswered: boolean): number | undefined {
  if (attempt >= limits.maxAttempts) return undefined;
  let wait: number;
  if (failure.kind === 'rate-limit') {
    // GitHub refused before doing anything, so even a create may be repeated.
    if (failure.retryAfterMs > limits.maxRetryAfterMs) return undefined;
    wait = failure.retryAfterMs;
  } else if (failure.kind === 'server' || failure.kind === 'timeout' || failure.kind === 'unreachable') {
    if (!retryUnanswered) return undefined;
    wait = limits.backoffMs[Math.min(attempt - 1, limits.backoffMs.length - 1)] ?? 1_000;
  } else {
    return undefined;
  }
  return elapsedMs + wait > limits.retryBudgetMs ? undefined : wait;
}

function annotate(error: unknown, attempts: number, failure: GitHubFailure): unknown {
  if (error && typeof error === 'object') Object.assign(error, { shipgateAttempts: attempts, shipgateFailure: failure } satisfies GitHubCallAttempts);
  return error;
}

/** fetch with a timeout per attempt (headers and body), aborted by the job's cancellation if it was running then. */
function fetchWithLimits(timeoutMs: number, jobSignal: AbortSignal | undefined): typeof fetch {
  return async (url, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const cancellable = jobSignal !== undefined && !jobSignal.aborted;
    const signals = [timeout, ...(init?.signal ? [init.signal] : []), ...(cancellable ? [jobSignal] : [])];
    try {
      const response = await fetch(url, { ...init, signal: AbortSignal.any(signals) });
      // The whole answer within the attempt's time: a body that stalls must fail the attempt,
      // not reach Octokit, which would read it as an empty answer.
      const body = await response.arrayBuffer();
      const whole = new Response(response.status === 204 || response.status === 304 ? null : body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
      return Object.defineProperty(whole, 'url', { value: response.url });
    } catch (error) {
      if (cancellable && jobSignal.aborted) throw new GitHubCallCancelled();
      if (timeout.aborted) throw new GitHubCallTimedOut(timeoutMs);
      throw error;
    }
  };
}

export { explainGitHubFailure, classifyGitHubFailure, type GitHubFailure, type GitHubCallDescription } from './github-failure';
