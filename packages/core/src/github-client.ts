import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { restEndpointMethods } from '@octokit/plugin-rest-endpoint-methods';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

const ShipgateOctokit = Octokit.plugin(restEndpointMethods, paginateRest, retry, throttling);
export type GitHubClient = InstanceType<typeof ShipgateOctokit>;

export interface GitHubClientOptions {
  token: string;
  /** REST base URL; the runner provides GITHUB_API_URL (GitHub Enterprise differs from api.github.com). */
  baseUrl: string;
  /** Where retry/rate-limit notices go. */
  warn: (message: string) => void;
  /** How many times a rate-limited request is retried before giving up. */
  rateLimitRetries?: number;
}

/**
 * Octokit with retries for transient 5xx answers and GitHub's primary/secondary rate limits:
 * a deploy must not fail, or be left half-recorded, because the API hiccuped once.
 */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const maxRetries = options.rateLimitRetries ?? 3;
  const onLimit = (kind: string) => (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
    if (retryCount >= maxRetries) {
      options.warn(`GitHub ${kind} rate limit on ${request.method} ${request.url}; giving up after ${retryCount} retries`);
      return false;
    }
    options.warn(`GitHub ${kind} rate limit on ${request.method} ${request.url}; retrying in ${retryAfter}s`);
    return true;
  };
  return new ShipgateOctokit({
    auth: options.token,
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    userAgent: 'shipgate',
    throttle: { onRateLimit: onLimit('primary'), onSecondaryRateLimit: onLimit('secondary') },
    log: { debug: () => {}, info: () => {}, warn: options.warn, error: options.warn },
  });
}
