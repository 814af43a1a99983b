import type { CommitComparison, RecordedDeployment } from './delivery-history';
/** Deployment states as GitHub defines them. */
export type DeploymentState = 'queued' | 'pending' | 'in_progress' | 'success' | 'failure' | 'error' | 'inactive';
/** Commit status states as GitHub defines them. */
export type CommitState = 'pending' | 'success' | 'failure' | 'error';

/** What shipgate stores in a deployment's payload under the `shipgate` key. */
export interface ShipgatePayload {
  kind: 'deploy' | 'canary' | 'rollback';
  version: string;
  /** The git tree of the deployed commit: lets the gate recognise the same code under another sha. */
  tree?: string;
  /** The ref the user asked for (branch, tag or sha), before it was resolved to `sha`. */
  ref?: string;
  [key: string]: unknown;
}

export interface Deployment {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  createdAt: string;
  description?: string;
  payload: { shipgate?: ShipgatePayload; [key: string]: unknown };
  productionEnvironment: boolean;
  transientEnvironment: boolean;
}

export interface DeploymentStatus {
  id: number;
  state: DeploymentState;
  description: string;
  environmentUrl?: string;
  logUrl?: string;
  createdAt: string;
}

export interface CommitStatus {
  context: string;
  state: CommitState;
  description?: string;
  targetUrl?: string;
  createdAt: string;
}

export interface CommitInfo {
  sha: string;
  /** Unknown only for the local backend outside a git checkout. */
  tree?: string;
  parents: string[];
}

export interface NewDeployment {
  sha: string;
  environment: string;
  description: string;
  payload: ShipgatePayload;
  productionEnvironment: boolean;
  transientEnvironment: boolean;
}

export interface NewDeploymentStatus {
  state: DeploymentState;
  /** Cut to 140 characters, GitHub's limit. */
  description: string;
  environmentUrl?: string;
  logUrl?: string;
}

export interface NewCommitStatus {
  context: string;
  state: CommitState;
  description: string;
  targetUrl?: string;
}

/**
 * The one seam through which shipgate reads and writes its state. Lists are newest first.
 * Backends: GitHub (Deployments API + commit statuses) and a local JSON file.
 */
export interface DeploymentRecords {
  readonly backend: 'github' | 'local';
  /** Where a person can look at the records (a URL or a file path). */
  readonly location: string;
  /** The commit `ref` names; a ref that names none is an UnknownRefError (an action names its input with refsFromInput). */
  resolveCommit(ref: string): Promise<CommitInfo>;
  createDeployment(input: NewDeployment): Promise<Deployment>;
  addStatus(deploymentId: number, status: NewDeploymentStatus): Promise<DeploymentStatus>;
  getDeployment(id: number): Promise<Deployment | undefined>;
  /** Newest first; `limit` caps how many are fetched (default 100). */
  listDeployments(query: { environment: string; sha?: string; limit?: number }): Promise<Deployment[]>;
  /** Newest first. */
  listStatuses(deploymentId: number): Promise<DeploymentStatus[]>;
  setCommitStatus(sha: string, status: NewCommitStatus): Promise<void>;
  /** Newest first. */
  listCommitStatuses(sha: string): Promise<CommitStatus[]>;
  /**
   * The commit `ref` names and its most recent ancestors, newest first (`git log -n limit`):
   * the first entry is the commit itself, with its tree; the others give the trees of its
   * parents (a merge commit's develop head) without a call per commit. Unknown ref: a
   * ShipgateError, as resolveCommit.
   */
  commitHistory(ref: string, limit: number): Promise<CommitInfo[]>;
  /**
   * The git tree of each commit sha, read from git itself (GitHub: GraphQL, up to
   * TREES_PER_LOOKUP per request; local: one `git log`). A sha git does not know is absent.
   */
  treesOf(shas: readonly string[]): Promise<Map<string, string>>;
  /**
   * An environment's newest deployments (at most 100, one request: GitHub GraphQL), each with
   * its commit's tree as git reports it and its newest status.
   */
  listDeploymentsWithTrees(environment: string, limit: number): Promise<DeploymentWithTree[]>;
  /** The environment's deployments created at or after `since` (and some older ones, as context), newest first, with all their statuses (delivery-history.ts). */
  listDeploymentsSince(environment: string, since: Date): Promise<RecordedDeployment[]>;
  /** The commits `head` has and `base` has not; undefined when either is unknown (delivery-history.ts). */
  compareCommits(base: string, head: string): Promise<CommitComparison | undefined>;
}

/** A deployment read together with git's tree of its commit and its newest status. */
export interface DeploymentWithTree {
  id: number;
  sha: string;
  environment: string;
  createdAt: string;
  payload: Deployment['payload'];
  /** The tree of `sha` in git; undefined when git does not have that commit. */
  tree?: string;
  latestStatus?: { state: DeploymentState; description: string; createdAt: string; logUrl?: string };
}

/**
 * How many commits' trees one GraphQL request to GitHub looks up: a page of source deployments
 * plus a page of target deployments (100 each), so the gate needs one lookup at most.
 */
export const TREES_PER_LOOKUP = 200;

export const STATUS_DESCRIPTION_LIMIT = 140;

/** GitHub refuses deployment-status descriptions over 140 characters; cut with an ellipsis. */
export function fitDescription(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= STATUS_DESCRIPTION_LIMIT ? oneLine : `${oneLine.slice(0, STATUS_DESCRIPTION_LIMIT - 1)}…`;
}
