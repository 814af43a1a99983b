import { createHash } from 'node:crypto';

export const DEPLOYMENT_STATES = ['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success'] as const;
export type DeploymentState = (typeof DEPLOYMENT_STATES)[number];
export const COMMIT_STATES = ['error', 'failure', 'pending', 'success'] as const;
export type CommitState = (typeof COMMIT_STATES)[number];

/** `owner/name` as first written; lookups go through repoKey because GitHub ignores case. */
export interface RepoName {
  owner: string;
  name: string;
}

export interface GitIdentity {
  name: string;
  email: string;
  /** ISO 8601, UTC, second precision — the way GitHub prints it. */
  date: string;
}

export interface CommitRecord {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  author: GitIdentity;
  committer: GitIdentity;
}

export interface DeploymentRecord {
  id: number;
  repo: RepoName;
  sha: string;
  /** The ref exactly as the client sent it (branch, tag or sha); the `ref` filter compares it verbatim. */
  ref: string;
  task: string;
  payload: Record<string, unknown> | string;
  environment: string;
  originalEnvironment: string;
  description: string | null;
  transientEnvironment: boolean;
  productionEnvironment: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface DeploymentStatusRecord {
  id: number;
  deploymentId: number;
  state: DeploymentState;
  description: string;
  environment: string;
  environmentUrl: string;
  logUrl: string;
  createdAt: string;
  updatedAt: string;
}

export interface CommitStatusRecord {
  id: number;
  repo: RepoName;
  sha: string;
  state: CommitState;
  context: string;
  description: string | null;
  targetUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PullRecord {
  number: number;
  repo: RepoName;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  draft: boolean;
  headRef: string;
  headSha: string;
  baseRef: string;
  baseSha: string;
  merged: boolean;
  mergeCommitSha: string | null;
  createdAt: string;
  updatedAt: string;
}

/** GitHub prints timestamps as `2012-07-20T01:19:13Z`: UTC, no milliseconds. */
export function isoSeconds(time: Date | string): string {
  const date = typeof time === 'string' ? new Date(time) : time;
  if (Number.isNaN(date.getTime())) throw new TypeError(`not a date: ${String(time)}`);
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function repoKey(repo: RepoName): string {
  return `${repo.owner}/${repo.name}`.toLowerCase();
}

/** Newest first, as every GitHub list endpoint here answers; ids break ties within a second. */
export function newestFirst<T extends { createdAt: string; id: number }>(a: T, b: T): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return b.id - a.id;
}

/**
 * Everything the emulator knows. Git data (commits, refs) is shared by every repository
 * name, because a test drives one repository at a time; deployments, statuses and pulls
 * belong to the repository they were created in, as on GitHub.
 */
export class Store {
  readonly commits = new Map<string, CommitRecord>();
  /** Full ref name (`refs/heads/main`, `refs/tags/v1`) → commit sha. */
  readonly refs = new Map<string, string>();
  readonly pulls = new Map<string, PullRecord>();
  readonly deployments: DeploymentRecord[] = [];
  readonly deploymentStatuses = new Map<number, DeploymentStatusRecord[]>();
  readonly commitStatuses: CommitStatusRecord[] = [];
  /** Branches a test declared behind the default branch: creating a deployment auto-merges them. */
  readonly branchesBehindDefault = new Set<string>();
  forcedAutoMerges = 0;
  private lastId = 0;

  constructor(
    private readonly clock: () => Date,
    public defaultBranch: string,
  ) {}

  now(): string {
    return isoSeconds(this.clock());
  }

  /** One counter for every kind of object: ids stay unique and increase in creation order. */
  nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  // ---- git data

  addCommit(commit: CommitRecord): void {
    this.commits.set(commit.sha, commit);
  }

  /** A short name becomes a branch; pass `refs/tags/...` for a tag. */
  setRef(name: string, sha: string): void {
    this.refs.set(name.startsWith('refs/') ? name : `refs/heads/${name}`, sha);
  }

  /**
   * Resolves a sha (full, or an unambiguous prefix of at least 7), a full ref name, or a
   * short branch/tag name, the way `git rev-parse` does: tags win over branches.
   */
  resolveRef(ref: string): string | undefined {
    if (/^[0-9a-f]{40}$/i.test(ref)) return this.commits.has(ref.toLowerCase()) ? ref.toLowerCase() : undefined;
    const direct = this.refs.get(ref) ?? this.refs.get(`refs/tags/${ref}`) ?? this.refs.get(`refs/heads/${ref}`);
    if (direct !== undefined) return direct;
    if (/^[0-9a-f]{7,39}$/i.test(ref)) {
      const matches = [...this.commits.keys()].filter((sha) => sha.startsWith(ref.toLowerCase()));
      if (matches.length === 1) return matches[0];
    }
    return undefined;
  }

  /** A sha made like git makes one (sha1 over the content), so seeded commits look real. */
  static hashCommit(commit: Omit<CommitRecord, 'sha'>, salt: number): string {
    return createHash('sha1').update(JSON.stringify(commit)).update(String(salt)).digest('hex');
  }

  // ---- deployments

  addDeployment(record: DeploymentRecord): void {
    this.deployments.push(record);
    this.deploymentStatuses.set(record.id, []);
  }

  deploymentsOf(repo: RepoName): DeploymentRecord[] {
    const key = repoKey(repo);
    return this.deployments.filter((deployment) => repoKey(deployment.repo) === key).sort(newestFirst);
  }

  findDeployment(repo: RepoName, id: number): DeploymentRecord | undefined {
    return this.deployments.find((deployment) => deployment.id === id && repoKey(deployment.repo) === repoKey(repo));
  }

  addDeploymentStatus(record: DeploymentStatusRecord): void {
    const statuses = this.deploymentStatuses.get(record.deploymentId);
    if (statuses === undefined) throw new Error(`no deployment ${record.deploymentId}`);
    statuses.push(record);
  }

  statusesOf(deploymentId: number): DeploymentStatusRecord[] {
    return [...(this.deploymentStatuses.get(deploymentId) ?? [])].sort(newestFirst);
  }

  latestStatusOf(deploymentId: number): DeploymentStatusRecord | undefined {
    return this.statusesOf(deploymentId)[0];
  }

  // ---- commit statuses

  addCommitStatus(record: CommitStatusRecord): void {
    this.commitStatuses.push(record);
  }

  commitStatusesOf(repo: RepoName, sha: string): CommitStatusRecord[] {
    const key = repoKey(repo);
    return this.commitStatuses.filter((status) => status.sha === sha && repoKey(status.repo) === key).sort(newestFirst);
  }

  // ---- pulls

  addPull(record: PullRecord): void {
    this.pulls.set(`${repoKey(record.repo)}#${record.number}`, record);
  }

  findPull(repo: RepoName, number: number): PullRecord | undefined {
    return this.pulls.get(`${repoKey(repo)}#${number}`);
  }
}
