import { OutsideFailure } from '@shipgate/core';
import type { GitHubClient } from '@shipgate/core/github-client';
import { BASE_SEARCH_PAGES, HISTORY_PAGE_SIZE, isGoodChangeRecord, STATUSES_PER_DEPLOYMENT, type CommitComparison, type RecordedDeployment } from './delivery-history';
import { graphqlQuery } from './graphql-query';
import type { Deployment, DeploymentState } from './types';

/**
 * The deployments of `environment` created at or after `since`, newest first, with all their
 * statuses, and the older ones on the last page read (context: where the window's first change
 * came from): one GraphQL request per 100 deployments (REST would need one more call per
 * deployment for its statuses). Pages are read newest first and reading stops at the first page
 * that reaches past `since`, so the cost follows the deployments in the window, never the
 * repository's whole history — except that when the older ones read hold no successful change
 * deployment (the base the window's first change is compared with), up to BASE_SEARCH_PAGES
 * more pages are read to find one.
 */
export async function listGitHubDeploymentsSince(
  octokit: GitHubClient,
  owner: string,
  name: string,
  environment: string,
  since: Date,
): Promise<RecordedDeployment[]> {
  const found: RecordedDeployment[] = [];
  let after: string | null = null;
  let extraPages = 0;
  for (;;) {
    const data: HistoryAnswer = await graphqlQuery<HistoryAnswer>(octokit, DEPLOYMENT_HISTORY_QUERY, { owner, name, environment, first: HISTORY_PAGE_SIZE, statuses: STATUSES_PER_DEPLOYMENT, after });
    const page = data?.repository?.deployments;
    // "No deployments" is an empty list; a missing one is an answer shipgate cannot read, not zero.
    if (!page || !Array.isArray(page.nodes)) {
      throw new OutsideFailure(`GitHub's answer to the deployment history of ${owner}/${name} (${environment}) had no deployment list (${data?.repository ? 'deployments' : 'repository'} was null): the job needs \`permissions: deployments: read\` for its token, and the repository must exist`);
    }
    let reachedStart = false;
    for (const node of page.nodes) {
      if (node?.databaseId == null) continue;
      // The older ones on this page are kept: the newest good one is the base of the first comparison.
      if (Date.parse(node.createdAt) < since.getTime()) reachedStart = true;
      found.push(fromNode(node));
    }
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return found;
    if (reachedStart) {
      const hasBase = found.some((d) => Date.parse(d.createdAt) < since.getTime() && isGoodChangeRecord(d));
      if (hasBase || extraPages >= BASE_SEARCH_PAGES) return found;
      extraPages++;
    }
    after = page.pageInfo.endCursor;
  }
}

/**
 * `GET /repos/{owner}/{repo}/compare/{base}...{head}`, one call, not paged: GitHub then lists up
 * to 250 commits (COMPARE_COMMIT_LIMIT) — the newest 250: "the last commit in the list is the
 * most recent of the entire comparison" — and says how many there are in `total_commits`.
 * Undefined when GitHub does not know one of the commits (404) or they share no history (422).
 */
export async function compareOnGitHub(octokit: GitHubClient, owner: string, repo: string, base: string, head: string): Promise<CommitComparison | undefined> {
  try {
    const { data, headers } = await octokit.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: `${base}...${head}` });
    const remaining = Number(headers['x-ratelimit-remaining']);
    return {
      ...(headers['x-ratelimit-remaining'] !== undefined && Number.isFinite(remaining) ? { rateLimitRemaining: remaining } : {}),
      commits: data.commits.map((c) => ({ sha: c.sha, committedAt: c.commit.committer?.date ?? c.commit.author?.date ?? '' })).filter((c) => c.committedAt !== ''),
      totalCommits: data.total_commits,
    };
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 404 || status === 422) return undefined;
    throw error;
  }
}

/** The GraphQL query behind listGitHubDeploymentsSince (the test emulator answers exactly this one). */
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

interface HistoryNode {
  databaseId: number | null;
  commitOid: string;
  createdAt: string;
  payload: string | null;
  statuses: { nodes: ({ state: string; description: string | null; createdAt: string } | null)[] } | null;
}

interface HistoryAnswer {
  repository: { deployments: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: (HistoryNode | null)[] } } | null;
}

function fromNode(node: HistoryNode): RecordedDeployment {
  let payload: unknown = {};
  try {
    payload = node.payload ? JSON.parse(node.payload) : {};
  } catch {
    payload = {};
  }
  return {
    id: node.databaseId as number,
    sha: node.commitOid,
    createdAt: node.createdAt,
    payload: (payload && typeof payload === 'object' ? payload : {}) as Deployment['payload'],
    // GraphQL spells states in capitals (SUCCESS); REST and shipgate in lower case.
    statuses: (node.statuses?.nodes ?? []).flatMap((s) => (s ? [{ state: s.state.toLowerCase() as DeploymentState, createdAt: s.createdAt, description: s.description ?? '' }] : [])),
  };
}
