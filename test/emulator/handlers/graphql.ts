import type { Handler, Reply } from '../handler';
import type { RepoName, Store } from '../store';
import { DEPLOYMENT_HISTORY_QUERY, deploymentHistory } from './graphql-deployment-history';

/**
 * POST /graphql — only the two queries shipgate sends (GitHubRecords):
 *
 * - treesOf: several commits' trees at once,
 *   query($owner: String!, $name: String!) { repository(owner: $owner, name: $name) {
 *     c0: object(oid: "<sha>") { ... on Commit { oid tree { oid } } } … } }
 *   An unknown oid is `null`, as on GitHub.
 * - listDeploymentsWithTrees: DEPLOYMENTS_QUERY below, word for word (whitespace aside).
 *
 * Any other query is answered with a GraphQL error, so a change to the client's query cannot
 * pass unnoticed.
 */
const DEPLOYMENTS_QUERY = `query($owner: String!, $name: String!, $environment: String!, $limit: Int!) {
  repository(owner: $owner, name: $name) {
    deployments(environments: [$environment], first: $limit, orderBy: {field: CREATED_AT, direction: DESC}) {
      nodes {
        databaseId
        commitOid
        commit { tree { oid } }
        createdAt
        payload
        latestStatus { state description createdAt logUrl }
      }
    }
  }
}`;
const squeeze = (text: string) => text.replace(/\s+/g, ' ').replace(/\s*([{}()[\]:,!])\s*/g, '$1').trim();
const ENVELOPE = /^\s*query\s*\(\s*\$owner:\s*String!\s*,\s*\$name:\s*String!\s*\)\s*\{\s*repository\s*\(\s*owner:\s*\$owner\s*,\s*name:\s*\$name\s*\)\s*\{([\s\S]*)\}\s*\}\s*$/;
const TREE_LOOKUP = /^(\w+):\s*object\s*\(\s*oid:\s*"([0-9a-f]{40})"\s*\)\s*\{\s*\.\.\.\s*on\s+Commit\s*\{\s*oid\s+tree\s*\{\s*oid\s*\}\s*\}\s*\}/;

const unsupported = (why: string): Reply => ({ status: 200, body: { data: null, errors: [{ message: `github emulator: unsupported GraphQL query (${why})` }] } });

export const graphql: Handler = ({ store, body }) => {
  const query = typeof body['query'] === 'string' ? body['query'] : '';
  const variables = (body['variables'] ?? {}) as Record<string, unknown>;
  if (squeeze(query) === squeeze(DEPLOYMENTS_QUERY)) return deploymentsWithTrees(store, variables);
  if (squeeze(query) === squeeze(DEPLOYMENT_HISTORY_QUERY)) return deploymentHistory(store, variables);
  const envelope = ENVELOPE.exec(query);
  if (!envelope) return unsupported('expected repository(owner: $owner, name: $name) { … }');
  if (typeof variables['owner'] !== 'string' || typeof variables['name'] !== 'string') return unsupported('owner and name variables are required');
  let rest = (envelope[1] ?? '').trim();
  const repository: Record<string, { oid: string; tree: { oid: string } } | null> = {};
  while (rest !== '') {
    const lookup = TREE_LOOKUP.exec(rest);
    if (!lookup) return unsupported(`cannot read: ${rest.slice(0, 60)}`);
    const [whole, alias = '', oid = ''] = lookup;
    const commit = store.commits.get(oid);
    repository[alias] = commit === undefined ? null : { oid: commit.sha, tree: { oid: commit.tree } };
    rest = rest.slice(whole.length).trim();
  }
  return { status: 200, body: { data: { repository } } };
};

/** The newest deployments of one environment with their commits' trees and latest statuses. */
function deploymentsWithTrees(store: Store, variables: Record<string, unknown>): Reply {
  const { owner, name, environment, limit } = variables;
  if (typeof owner !== 'string' || typeof name !== 'string' || typeof environment !== 'string' || typeof limit !== 'number') {
    return unsupported('owner, name, environment and limit variables are required');
  }
  if (limit < 1 || limit > 100) {
    return { status: 200, body: { data: null, errors: [{ message: `Requesting ${limit} records on the \`deployments\` connection exceeds the \`first\` limit of 100 records.` }] } };
  }
  const repo: RepoName = { owner, name };
  const nodes = store
    .deploymentsOf(repo)
    .filter((deployment) => deployment.environment === environment)
    .slice(0, limit)
    .map((deployment) => {
      const commit = store.commits.get(deployment.sha);
      const latest = store.latestStatusOf(deployment.id);
      return {
        databaseId: deployment.id,
        commitOid: deployment.sha,
        commit: commit === undefined ? null : { tree: { oid: commit.tree } },
        createdAt: deployment.createdAt,
        // GraphQL gives the payload as the JSON text REST would parse.
        payload: typeof deployment.payload === 'string' ? deployment.payload : JSON.stringify(deployment.payload),
        latestStatus:
          latest === undefined
            ? null
            : { state: latest.state.toUpperCase(), description: latest.description, createdAt: latest.createdAt, logUrl: latest.logUrl === '' ? null : latest.logUrl },
      };
    });
  return { status: 200, body: { data: { repository: { deployments: { nodes } } } } };
}
