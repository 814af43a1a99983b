import { ShipgateError, waitUnlessCancelled } from '@shipgate/core';
import { GITHUB_CALL_LIMITS, classifyGitHubFailure, explainGitHubFailure, type GitHubClient, type ShipgateRequestOptions } from '@shipgate/core/github-client';
import { compareOnGitHub, listGitHubDeploymentsSince } from './github-delivery-history';
import { graphqlQuery } from './graphql-query';
import type { CommitComparison, RecordedDeployment } from './delivery-history';
import { findRequestedDeployment } from './request-marker';
import { refusePathRef, UnknownRefError } from './unknown-ref';
import {
  fitDescription,
  type CommitInfo,
  type CommitStatus,
  type Deployment,
  type DeploymentRecords,
  type DeploymentState,
  type DeploymentStatus,
  type NewCommitStatus,
  type NewDeployment,
  type NewDeploymentStatus,
} from './types';
import { TREES_PER_LOOKUP, type DeploymentWithTree } from './types';

interface ApiDeployment {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  created_at: string;
  description?: string | null;
  payload: unknown;
  production_environment?: boolean;
  transient_environment?: boolean;
}

/**
 * Records kept in GitHub itself: Deployments and their statuses (visible under the
 * repository's Environments) and commit statuses (visible on the commit and usable by branch
 * protection). Every call goes through the retrying, throttled client.
 */
export class GitHubRecords implements DeploymentRecords {
  readonly backend = 'github' as const;
  readonly location: string;

  constructor(
    private readonly octokit: GitHubClient,
    private readonly owner: string,
    private readonly repo: string,
    serverUrl: string,
    /** The job's cancellation: a create is not tried again after it. */
    private readonly signal?: AbortSignal,
  ) {
    this.location = `${serverUrl}/${owner}/${repo}/deployments`;
  }

  async resolveCommit(ref: string): Promise<CommitInfo> {
    refusePathRef(ref);
    return this.call(`read the commit ${ref}`, 'contents: read', async () => {
      try {
        const { data } = await this.octokit.rest.repos.getCommit({ owner: this.owner, repo: this.repo, ref, per_page: 1 });
        return { sha: data.sha, tree: data.commit.tree.sha, parents: data.parents.map((p) => p.sha) };
      } catch (error) {
        const status = (error as { status?: number }).status;
        if (status === 404 || status === 422) {
          throw new UnknownRefError(ref, `was not found in ${this.owner}/${this.repo}`);
        }
        throw error;
      }
    });
  }

  /**
   * A create is never repeated blindly: its answer may have been lost after GitHub made the
   * deployment. Before each new attempt the request's marker is looked up, and a deployment
   * already made by this request is adopted.
   */
  async createDeployment(input: NewDeployment): Promise<Deployment> {
    const marker = typeof input.payload.request === 'string' ? input.payload.request : undefined;
    return this.call(`create a deployment in ${input.environment}`, 'deployments: write', async () => {
      const started = Date.now();
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.createOnce(input);
        } catch (error) {
          const failure = classifyGitHubFailure(error);
          const unanswered = failure.kind === 'server' || failure.kind === 'timeout' || failure.kind === 'unreachable';
          const wait = GITHUB_CALL_LIMITS.backoffMs[attempt - 1];
          const retry = marker && unanswered && wait !== undefined && Date.now() - started + wait <= GITHUB_CALL_LIMITS.retryBudgetMs;
          if (!retry || !(await waitUnlessCancelled(wait, this.signal))) throw Object.assign(error as object, { shipgateAttempts: attempt });
          const made = await findRequestedDeployment(this, { marker, environment: input.environment, sha: input.sha });
          if (made) return made;
        }
      }
    });
  }

  private async createOnce(input: NewDeployment): Promise<Deployment> {
    const response = await this.octokit.rest.repos.createDeployment({
      owner: this.owner,
      repo: this.repo,
      // The resolved sha, not a branch: the record must name exactly the code deployed.
      ref: input.sha,
      task: 'deploy',
      environment: input.environment,
      description: input.description,
      payload: { shipgate: input.payload },
      // GitHub's defaults would merge the default branch into the ref, or refuse with 409
      // until every status check passed; shipgate does its own gating.
      auto_merge: false,
      required_contexts: [],
      production_environment: input.productionEnvironment,
      transient_environment: input.transientEnvironment,
      request: { retryUnanswered: false } satisfies ShipgateRequestOptions,
    });
    // 202 is GitHub's "I merged instead of deploying": no deployment exists.
    if ((response.status as number) === 202 || typeof response.data !== 'object' || response.data === null || !('id' in response.data)) {
      const message = (response.data as { message?: string } | null)?.message ?? 'no deployment was created';
      throw new ShipgateError(`GitHub did not create a deployment for ${input.sha.slice(0, 7)}: ${message}`);
    }
    return toDeployment(response.data as ApiDeployment);
  }

  async addStatus(deploymentId: number, status: NewDeploymentStatus): Promise<DeploymentStatus> {
    return this.call(`add a status to deployment ${deploymentId}`, 'deployments: write', async () => {
      const { data } = await this.octokit.rest.repos.createDeploymentStatus({
        owner: this.owner,
        repo: this.repo,
        deployment_id: deploymentId,
        state: status.state,
        description: fitDescription(status.description),
        ...(status.environmentUrl ? { environment_url: status.environmentUrl } : {}),
        ...(status.logUrl ? { log_url: status.logUrl } : {}),
        auto_inactive: true,
      });
      return toStatus(data);
    });
  }

  async getDeployment(id: number): Promise<Deployment | undefined> {
    return this.call(`read deployment ${id}`, 'deployments: read', async () => {
      try {
        const { data } = await this.octokit.rest.repos.getDeployment({ owner: this.owner, repo: this.repo, deployment_id: id });
        return toDeployment(data as ApiDeployment);
      } catch (error) {
        if ((error as { status?: number }).status === 404) return undefined;
        throw error;
      }
    });
  }

  async listDeployments(query: { environment: string; sha?: string; limit?: number }): Promise<Deployment[]> {
    return this.call(`list the deployments of ${query.environment}`, 'deployments: read', async () => {
      const limit = query.limit ?? 100;
      const found: Deployment[] = [];
      for await (const page of this.octokit.paginate.iterator(this.octokit.rest.repos.listDeployments, {
        owner: this.owner,
        repo: this.repo,
        environment: query.environment,
        ...(query.sha ? { sha: query.sha } : {}),
        per_page: Math.min(limit, 100),
      })) {
        for (const item of page.data) {
          found.push(toDeployment(item as ApiDeployment));
          if (found.length >= limit) return found;
        }
      }
      return found;
    });
  }

  async listStatuses(deploymentId: number): Promise<DeploymentStatus[]> {
    return this.call(`read the statuses of deployment ${deploymentId}`, 'deployments: read', async () => {
      // Newest first; one page of 100 covers every deployment shipgate writes (a canary adds ~10).
      const { data } = await this.octokit.rest.repos.listDeploymentStatuses({
        owner: this.owner,
        repo: this.repo,
        deployment_id: deploymentId,
        per_page: 100,
      });
      return data.map(toStatus);
    });
  }

  async setCommitStatus(sha: string, status: NewCommitStatus): Promise<void> {
    return this.call(`set the commit status ${status.context}`, 'statuses: write', async () => {
      await this.octokit.rest.repos.createCommitStatus({
        owner: this.owner,
        repo: this.repo,
        sha,
        context: status.context,
        state: status.state,
        description: fitDescription(status.description),
        ...(status.targetUrl ? { target_url: status.targetUrl } : {}),
      });
    });
  }

  async listCommitStatuses(sha: string): Promise<CommitStatus[]> {
    return this.call(`read the commit statuses of ${sha.slice(0, 7)}`, 'statuses: read', async () => {
      const { data } = await this.octokit.rest.repos.listCommitStatusesForRef({ owner: this.owner, repo: this.repo, ref: sha, per_page: 100 });
      return data.map((s) => ({
        context: s.context,
        state: s.state as CommitStatus['state'],
        description: s.description ?? undefined,
        targetUrl: s.target_url ?? undefined,
        createdAt: s.created_at,
      }));
    });
  }

  async commitHistory(ref: string, limit: number): Promise<CommitInfo[]> {
    refusePathRef(ref);
    return this.call(`read the history of '${ref}'`, 'contents: read', async () => {
      try {
        // One call: the list endpoint gives each commit's tree and parents, newest first.
        const { data } = await this.octokit.rest.repos.listCommits({ owner: this.owner, repo: this.repo, sha: ref, per_page: Math.min(Math.max(limit, 1), 100) });
        if (data.length === 0) throw new UnknownRefError(ref, `was not found in ${this.owner}/${this.repo}`);
        return data.map((c) => ({ sha: c.sha, tree: c.commit.tree.sha, parents: c.parents.map((p) => p.sha) }));
      } catch (error) {
        const status = (error as { status?: number }).status;
        if (status === 404 || status === 422 || status === 409) throw new UnknownRefError(ref, `was not found in ${this.owner}/${this.repo}`);
        throw error;
      }
    });
  }

  async treesOf(shas: readonly string[]): Promise<Map<string, string>> {
    const trees = new Map<string, string>();
    // Only full shas are written into the query; anything else cannot be a commit id anyway.
    const wanted = [...new Set(shas.map((sha) => sha.toLowerCase()))].filter((sha) => /^[0-9a-f]{40}$/.test(sha));
    for (let start = 0; start < wanted.length; start += TREES_PER_LOOKUP) {
      const chunk = wanted.slice(start, start + TREES_PER_LOOKUP);
      // REST has no "trees of these commits" call; GraphQL answers all of them in one request.
      const fields = chunk.map((sha, n) => `c${n}: object(oid: "${sha}") { ... on Commit { oid tree { oid } } }`).join('\n    ');
      const query = `query($owner: String!, $name: String!) {\n  repository(owner: $owner, name: $name) {\n    ${fields}\n  }\n}`;
      const data = await this.call(`read the trees of ${chunk.length} commit(s)`, 'contents: read', () =>
        graphqlQuery<{ repository: Record<string, { oid?: string; tree?: { oid?: string } } | null> | null }>(this.octokit, query, { owner: this.owner, name: this.repo }),
      );
      for (const found of Object.values(data.repository ?? {})) {
        if (found?.oid && found.tree?.oid) trees.set(found.oid, found.tree.oid);
      }
    }
    return trees;
  }

  async listDeploymentsWithTrees(environment: string, limit: number): Promise<DeploymentWithTree[]> {
    return this.call(`list the deployments of ${environment} with their trees`, 'deployments: read and contents: read', async () => {
      // REST would need a call per deployment for its statuses and per commit for its tree.
      const data = await graphqlQuery<{ repository: { deployments: { nodes: (GraphDeployment | null)[] } } | null }>(this.octokit, DEPLOYMENTS_WITH_TREES_QUERY, {
        owner: this.owner,
        name: this.repo,
        environment,
        limit: Math.min(Math.max(limit, 1), 100),
      });
      return (data.repository?.deployments.nodes ?? []).flatMap((node) => (node?.databaseId == null ? [] : [fromGraphDeployment(node, environment)]));
    });
  }

  async listDeploymentsSince(environment: string, since: Date): Promise<RecordedDeployment[]> {
    return this.call(`list the deployments of ${environment} since ${since.toISOString()}`, 'deployments: read', () => listGitHubDeploymentsSince(this.octokit, this.owner, this.repo, environment, since));
  }

  async compareCommits(base: string, head: string): Promise<CommitComparison | undefined> {
    return this.call(`compare ${base.slice(0, 7)}...${head.slice(0, 7)}`, 'contents: read', () => compareOnGitHub(this.octokit, this.owner, this.repo, base, head));
  }

  /**
   * Every records call goes through here: GitHub down, answering 5xx, rate-limiting or
   * refusing the token is an outside failure, reported as one line saying what failed, what
   * to do and how long was spent — not a bug with a stack.
   */
  private async call<T>(what: string, permission: string, run: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
      return await run();
    } catch (error) {
      const apiUrl = this.octokit.request.endpoint.DEFAULTS.baseUrl;
      throw explainGitHubFailure(error, { what, permission, apiUrl }, Date.now() - started) ?? error;
    }
  }
}

/** The GraphQL query behind listDeploymentsWithTrees (the test emulator answers exactly this one). */
export const DEPLOYMENTS_WITH_TREES_QUERY = `query($owner: String!, $name: String!, $environment: String!, $limit: Int!) {
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

interface GraphDeployment {
  databaseId: number | null;
  commitOid: string;
  commit: { tree: { oid: string } } | null;
  createdAt: string;
  payload: string | null;
  latestStatus: { state: string; description: string | null; createdAt: string; logUrl: string | null } | null;
}

function fromGraphDeployment(node: GraphDeployment, environment: string): DeploymentWithTree {
  const payload = node.payload ? safeJson(node.payload) : {};
  return {
    id: node.databaseId as number,
    sha: node.commitOid,
    environment,
    createdAt: node.createdAt,
    payload: (payload && typeof payload === 'object' ? payload : {}) as Deployment['payload'],
    tree: node.commit?.tree.oid,
    // GraphQL spells states in capitals (SUCCESS); REST and shipgate in lower case.
    latestStatus: node.latestStatus
      ? {
          state: node.latestStatus.state.toLowerCase() as DeploymentState,
          description: node.latestStatus.description ?? '',
          createdAt: node.latestStatus.createdAt,
          logUrl: node.latestStatus.logUrl || undefined,
        }
      : undefined,
  };
}


function toDeployment(data: ApiDeployment): Deployment {
  const payload = typeof data.payload === 'string' ? safeJson(data.payload) : data.payload;
  return {
    id: data.id,
    sha: data.sha,
    ref: data.ref,
    environment: data.environment,
    createdAt: data.created_at,
    description: data.description ?? undefined,
    payload: (payload && typeof payload === 'object' ? payload : {}) as Deployment['payload'],
    productionEnvironment: data.production_environment ?? false,
    transientEnvironment: data.transient_environment ?? false,
  };
}

function toStatus(data: {
  id: number | bigint;
  state: string;
  description?: string | null;
  environment_url?: string;
  log_url?: string;
  created_at: string;
}): DeploymentStatus {
  return {
    id: Number(data.id),
    state: data.state as DeploymentState,
    description: data.description ?? '',
    environmentUrl: data.environment_url || undefined,
    logUrl: data.log_url || undefined,
    createdAt: data.created_at,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}
