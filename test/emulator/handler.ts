import type { Urls } from './representations';
import type { RepoName, Store } from './store';

/** What a route handler gets: the parsed request and the shared state. */
export interface RequestContext {
  store: Store;
  urls: Urls;
  repo: RepoName;
  /** Decoded placeholders of the matched route, e.g. `deployment_id`. */
  params: Record<string, string>;
  /** Absolute request URL: its query carries filters and pagination, and it seeds Link headers. */
  url: URL;
  /** The parsed JSON body (an empty object when there was none). */
  body: Record<string, unknown>;
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Handlers are synchronous: every request is answered from memory, in arrival order. */
export type Handler = (context: RequestContext) => Reply;
