import type { GitHubClient } from '@shipgate/core/github-client';

interface GraphqlErrorLike {
  message?: string;
  data?: unknown;
  errors?: { type?: string; message?: string }[];
  headers?: Record<string, string | undefined>;
}

/**
 * One GraphQL request. GitHub answers a refusal or a rate limit inside an HTTP 200 (`errors:
 * [{ type: 'FORBIDDEN' | 'RATE_LIMITED', … }]`); those become the errors a REST 403 or rate
 * limit gives, so the records' call() reports them as the one-line permission or rate-limit
 * failure. Any other error with a partial answer (some objects unreadable) still returns what
 * was found: the caller checks that what it needs is there.
 */
export async function graphqlQuery<T>(octokit: GitHubClient, query: string, variables: Record<string, unknown>): Promise<T> {
  try {
    return await octokit.graphql<T>(query, variables);
  } catch (error) {
    const failure = (error ?? {}) as GraphqlErrorLike;
    const types = (failure.errors ?? []).map((e) => e.type);
    const message = failure.errors?.[0]?.message ?? (error as Error).message;
    if (types.includes('RATE_LIMITED')) {
      const rateMessage = failure.errors?.find((e) => e.type === 'RATE_LIMITED')?.message ?? message;
      // Same shape as REST's primary limit: 403 with no requests left (and its reset time, when GitHub sent it).
      throw Object.assign(new Error(rateMessage), { status: 403, response: { headers: { ...failure.headers, 'x-ratelimit-remaining': '0' }, data: { message: rateMessage } } });
    }
    if (types.includes('FORBIDDEN') || /not accessible/i.test(message)) {
      const refusal = failure.errors?.find((e) => e.type === 'FORBIDDEN')?.message ?? message;
      throw Object.assign(new Error(refusal), { status: 403, response: { data: { message: refusal } } });
    }
    const partial = failure.data as T | null | undefined;
    if (partial) return partial;
    throw error;
  }
}
