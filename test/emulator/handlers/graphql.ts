import type { Handler } from '../handler';

/**
 * POST /graphql — only the query shipgate sends to read several commits' trees at once
 * (GitHubRecords.treesOf):
 *
 *   query($owner: String!, $name: String!) { repository(owner: $owner, name: $name) {
 *     c0: object(oid: "<sha>") { ... on Commit { oid tree { oid } } } … } }
 *
 * An unknown oid is `null`, as on GitHub. Any other query is answered with a GraphQL error,
 * so a change to the client's query cannot pass unnoticed.
 */
const ENVELOPE = /^\s*query\s*\(\s*\$owner:\s*String!\s*,\s*\$name:\s*String!\s*\)\s*\{\s*repository\s*\(\s*owner:\s*\$owner\s*,\s*name:\s*\$name\s*\)\s*\{([\s\S]*)\}\s*\}\s*$/;
const TREE_LOOKUP = /^(\w+):\s*object\s*\(\s*oid:\s*"([0-9a-f]{40})"\s*\)\s*\{\s*\.\.\.\s*on\s+Commit\s*\{\s*oid\s+tree\s*\{\s*oid\s*\}\s*\}\s*\}/;

export const graphql: Handler = ({ store, body }) => {
  const query = typeof body['query'] === 'string' ? body['query'] : '';
  const variables = (body['variables'] ?? {}) as Record<string, unknown>;
  const unsupported = (why: string) => ({ status: 200, body: { data: null, errors: [{ message: `github emulator: unsupported GraphQL query (${why})` }] } });
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
