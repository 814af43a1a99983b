import { compileRoutePattern } from './route-pattern';
import type { RoutePattern } from './route-pattern';

/** One request as the emulator answered it (injected failures and 401s included). */
export interface LoggedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body, or undefined when the request had none. */
  body: unknown;
  status: number;
  /** True when failNext answered instead of the real handler. */
  injected: boolean;
}

/** A route pattern (`"POST /repos/{owner}/{repo}/deployments"`), a RegExp on `"METHOD /path"`, or a predicate. */
export type RequestFilter = RoutePattern | ((request: LoggedRequest) => boolean);

export function countMatching(requests: readonly LoggedRequest[], filter?: RequestFilter): number {
  if (filter === undefined) return requests.length;
  if (typeof filter === 'function') return requests.filter(filter).length;
  const match = compileRoutePattern(filter);
  return requests.filter((request) => match(request.method, request.path) !== undefined).length;
}
