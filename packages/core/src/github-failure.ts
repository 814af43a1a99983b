import { OutsideFailure, ShipgateError } from './errors';

/** A GitHub call given up because the job is being cancelled. */
export class GitHubCallCancelled extends Error {
  constructor() {
    super('cancelled: the job is being cancelled');
    this.name = 'GitHubCallCancelled';
  }
}

/** A GitHub call that got no answer in time (GitHub or the network hangs). */
export class GitHubCallTimedOut extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${seconds(timeoutMs)}`);
    this.name = 'GitHubCallTimedOut';
  }
}

/** Why a GitHub call failed, in the terms shipgate decides on (retry or not, what to tell). */
export type GitHubFailure =
  | { kind: 'cancelled'; summary: string }
  | { kind: 'timeout'; summary: string }
  | { kind: 'unreachable'; summary: string; code: string }
  | { kind: 'server'; summary: string; status: number }
  | { kind: 'rate-limit'; summary: string; status: number; retryAfterMs: number }
  | { kind: 'refused'; summary: string; status: 401 | 403; message: string }
  | { kind: 'other'; summary: string; status?: number };

interface OctokitLikeError {
  status?: number;
  message?: string;
  cause?: unknown;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
}

// Without a retry-after GitHub's guidance for a secondary limit is "wait at least a minute".
const SECONDARY_FALLBACK_MS = 60_000;

/** Sorts an error thrown by an Octokit call into what shipgate does about it. */
export function classifyGitHubFailure(error: unknown, now: number = Date.now()): GitHubFailure {
  const failure = (error ?? {}) as OctokitLikeError;
  const causes = causeChain(error);
  if (causes.some((cause) => cause instanceof GitHubCallCancelled)) return { kind: 'cancelled', summary: 'call cancelled' };
  const timedOut = causes.find((cause): cause is GitHubCallTimedOut => cause instanceof GitHubCallTimedOut);
  if (timedOut) return { kind: 'timeout', summary: `gave no answer within ${seconds(timedOut.timeoutMs)}` };
  const status = typeof failure.status === 'number' ? failure.status : undefined;
  if (failure.response === undefined && status === 500) {
    // Octokit turns a failed fetch into a "500" without a response: the network, not GitHub.
    const code = causes.map((cause) => (cause as { code?: unknown }).code).find((c): c is string => typeof c === 'string');
    const detail = code ?? causes.at(-1)?.message ?? failure.message ?? 'network error';
    return { kind: 'unreachable', summary: `could not be reached (${detail})`, code: detail };
  }
  const headers = failure.response?.headers ?? {};
  const message = responseMessage(failure);
  if (status === 429 || (status === 403 && (/rate limit/i.test(message) || headers['x-ratelimit-remaining'] === '0'))) {
    return { kind: 'rate-limit', status, summary: `rate limit (${status} ${message})`, retryAfterMs: retryAfterMs(headers, now) };
  }
  if (status === 401 || status === 403) return { kind: 'refused', status, message, summary: `refused the call (${status} ${message})` };
  if (status !== undefined && status >= 500) return { kind: 'server', status, summary: `answered ${status} (${message})` };
  return { kind: 'other', status, summary: `answered ${status ?? '?'} (${message})` };
}

function retryAfterMs(headers: Record<string, string | undefined>, now: number): number {
  const retryAfter = Number(headers['retry-after']);
  if (headers['retry-after'] !== undefined && Number.isFinite(retryAfter)) return Math.max(0, retryAfter * 1000);
  const reset = Number(headers['x-ratelimit-reset']);
  if (headers['x-ratelimit-remaining'] === '0' && Number.isFinite(reset)) return Math.max(0, reset * 1000 - now + 1000);
  return SECONDARY_FALLBACK_MS;
}

function responseMessage(failure: OctokitLikeError): string {
  const data = failure.response?.data;
  const fromBody = data && typeof data === 'object' ? (data as { message?: unknown }).message : undefined;
  const text = typeof fromBody === 'string' ? fromBody : (failure.message ?? '');
  // One short line: a proxy's HTML error page must not flood the log.
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

function causeChain(error: unknown): Error[] {
  const chain: Error[] = [];
  for (let current = error; current instanceof Error && chain.length < 6; current = current.cause) chain.push(current);
  return chain;
}

/** What a records call was doing, for the one line a user sees when it fails. */
export interface GitHubCallDescription {
  /** The call in words, e.g. "create a deployment in staging". */
  what: string;
  /** The token permission it needs, e.g. "deployments: write". */
  permission: string;
  /** Where the API is (GITHUB_API_URL), named when it cannot be reached. */
  apiUrl?: string;
}

/**
 * Turns a failed GitHub call into one line for the user: what failed, what to do (the
 * token's permission, or re-run later) and how long was spent. A 404 or 422 the caller gives a
 * meaning (a ref not found, a deployment gone) is handled inside the call, before this; any
 * other answer from GitHub, a 4xx included, is GitHub's decision, not a bug in shipgate.
 * Returns undefined only for errors that are not an answer from GitHub at all (a bug).
 */
export function explainGitHubFailure(error: unknown, call: GitHubCallDescription, elapsedMs: number): OutsideFailure | ShipgateError | undefined {
  if (error instanceof ShipgateError) return error;
  const { shipgateAttempts: attempts = 1, shipgateFailure } = (error ?? {}) as { shipgateAttempts?: number; shipgateFailure?: GitHubFailure };
  const failure = shipgateFailure ?? classifyGitHubFailure(error);
  const spent = `${attempts} attempt${attempts === 1 ? '' : 's'} over ${(elapsedMs / 1000).toFixed(1)}s`;
  switch (failure.kind) {
    case 'cancelled':
      return new ShipgateError(`cancelled while trying to ${call.what} (after ${(elapsedMs / 1000).toFixed(1)}s)`);
    case 'refused':
      if (failure.status === 401) {
        return new OutsideFailure(`was refused by GitHub while trying to ${call.what} (401 ${failure.message}); pass a valid token`, 'github-token');
      }
      return new OutsideFailure(`GitHub refused to ${call.what} (403 ${failure.message}): the job needs \`permissions: ${call.permission}\` for its token`);
    case 'rate-limit': {
      const resume = new Date(Date.now() + failure.retryAfterMs).toISOString().slice(11, 16);
      return new OutsideFailure(
        `GitHub's rate limit stopped shipgate from trying to ${call.what} (${failure.status}; GitHub asks to wait ${Math.ceil(failure.retryAfterMs / 1000)}s, ${spent}); re-run the job after ${resume} UTC`,
      );
    }
    case 'server':
      return new OutsideFailure(`GitHub failed to ${call.what}: it ${failure.summary}, ${spent}; GitHub is having trouble (see https://www.githubstatus.com), re-run the job later`);
    case 'timeout':
      return new OutsideFailure(`GitHub did not answer while shipgate tried to ${call.what}: it ${failure.summary}, ${spent}; re-run the job later`);
    case 'unreachable':
      return new OutsideFailure(
        `could not reach GitHub${call.apiUrl ? ` at ${call.apiUrl}` : ''} to ${call.what} (${failure.code}), ${spent}; check the runner's network and GITHUB_API_URL, then re-run the job`,
      );
    default:
      if (failure.status !== undefined && failure.status >= 400 && failure.status < 500) {
        return new OutsideFailure(
          `GitHub refused to ${call.what}: it ${failure.summary}; nothing after this call was done — check what GitHub's message names (a deployment deleted, a limit reached), then re-run the job`,
        );
      }
      return undefined;
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)}s`;
