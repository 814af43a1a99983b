import type { Reply } from '../handler';
import type { RepoName, Store } from '../store';

/**
 * The GraphQL query behind GitHubRecords.listDeploymentsSince (DEPLOYMENT_HISTORY_QUERY in
 * packages/records/src/github-delivery-history.ts), word for word (whitespace aside): an
 * environment's deployments, newest first, a page at a time (`after` = the previous page's
 * endCursor), each with its statuses.
 */
export const DEPLOYMENT_HISTORY_QUERY = `query($owner: String!, $name: String!, $environment: String!, $first: Int!, $statuses: Int!, $after: String) {
  repository(owner: $owner, name: $name) {
    deployments(environments: [$environment], first: $first, after: $after, orderBy: {field: CREATED_AT, direction: DESC}) {
      pageInfo { hasNextPage endCursor }
      nodes {
        databaseId
        commitOid
        createdAt
        payload
        statuses(first: $statuses) { nodes { state description createdAt } }
      }
    }
  }
}`;

const error = (message: string): Reply => ({ status: 200, body: { data: null, errors: [{ message }] } });

/** A cursor is the offset of the next deployment, base64 as GitHub's are opaque strings. */
const cursorAt = (offset: number) => Buffer.from(`cursor:${offset}`).toString('base64');
const offsetOf = (cursor: string) => Number(/^cursor:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString())?.[1] ?? NaN);

export function deploymentHistory(store: Store, variables: Record<string, unknown>): Reply {
  const { owner, name, environment, first, statuses, after } = variables;
  if (typeof owner !== 'string' || typeof name !== 'string' || typeof environment !== 'string' || typeof first !== 'number' || typeof statuses !== 'number') {
    return error('github emulator: owner, name, environment, first and statuses variables are required');
  }
  for (const [field, limit] of [['deployments', first], ['statuses', statuses]] as const) {
    if (limit < 1 || limit > 100) return error(`Requesting ${limit} records on the \`${field}\` connection exceeds the \`first\` limit of 100 records.`);
  }
  const start = typeof after === 'string' ? offsetOf(after) : 0;
  if (!Number.isInteger(start)) return error(`\`${String(after)}\` does not appear to be a valid cursor.`);
  const repo: RepoName = { owner, name };
  const all = store.deploymentsOf(repo).filter((deployment) => deployment.environment === environment);
  const page = all.slice(start, start + first);
  const nodes = page.map((deployment) => ({
    databaseId: deployment.id,
    commitOid: deployment.sha,
    createdAt: deployment.createdAt,
    payload: typeof deployment.payload === 'string' ? deployment.payload : JSON.stringify(deployment.payload),
    // Oldest first; the client reads them in any order.
    statuses: {
      nodes: [...store.statusesOf(deployment.id)]
        .reverse()
        .slice(0, statuses)
        .map((status) => ({ state: status.state.toUpperCase(), description: status.description, createdAt: status.createdAt })),
    },
  }));
  const hasNextPage = start + first < all.length;
  return {
    status: 200,
    body: { data: { repository: { deployments: { pageInfo: { hasNextPage, endCursor: page.length > 0 ? cursorAt(start + page.length) : null }, nodes } } } },
  };
}
