import type { AddressInfo } from 'node:net';
import type { components } from '@octokit/openapi-types';
import { FaultInjector } from './fault-injection';
import type { FailureOptions } from './fault-injection';
import { readGitRepo } from './git-repo-loader';
import { recordCommitStatus } from './handlers/commit-statuses';
import { appendDeploymentStatus } from './handlers/deployment-statuses';
import { buildDeployment } from './handlers/deployments';
import * as represent from './representations';
import type { Urls } from './representations';
import { countMatching } from './request-log';
import type { LoggedRequest, RequestFilter } from './request-log';
import type { RoutePattern } from './route-pattern';
import { createApiServer } from './server';
import { isoSeconds, newestFirst, Store } from './store';
import type { CommitState, DeploymentRecord, DeploymentState, RepoName } from './store';

type Schemas = components['schemas'];
/** GitHub's JSON for each object, as the REST API returns it (ids narrowed to number). */
export type DeploymentJson = ReturnType<typeof represent.deployment>;
export type DeploymentStatusJson = ReturnType<typeof represent.deploymentStatus>;
export type CommitStatusJson = ReturnType<typeof represent.commitStatus>;

export interface EmulatorOptions {
  /** Branch that `markBehindDefaultBranch` merges from and GET /repos reports; `main` by default. */
  defaultBranch?: string;
  /** `owner/name` that seeding helpers write to when not told otherwise; `acme/app` by default. */
  repository?: string;
  /** The clock for created_at/updated_at of objects created over HTTP; the real time by default. */
  now?: () => Date;
}

export interface NewCommit {
  /** 40 hex; derived from the content (like git) when omitted. */
  sha?: string;
  tree: string;
  parents: string[];
  message?: string;
  /** Author and committer date; now by default. */
  date?: Date | string;
  author?: { name: string; email: string };
}

export interface NewPull {
  number: number;
  headRef: string;
  headSha: string;
  baseRef?: string;
  baseSha?: string;
  title?: string;
  body?: string | null;
  state?: 'open' | 'closed';
  draft?: boolean;
  merged?: boolean;
  mergeCommitSha?: string | null;
  repository?: string;
}

export interface SeededStatus {
  state: DeploymentState;
  createdAt?: Date | string;
  description?: string;
  environmentUrl?: string;
  logUrl?: string;
}

export interface SeededDeployment {
  sha: string;
  /** Defaults to the sha. */
  ref?: string;
  environment?: string;
  task?: string;
  payload?: Record<string, unknown> | string;
  description?: string;
  transientEnvironment?: boolean;
  productionEnvironment?: boolean;
  createdAt?: Date | string;
  /** Statuses to add, oldest first; no auto_inactive is applied to seeded history. */
  statuses?: SeededStatus[];
  repository?: string;
}

export interface SeededCommitStatus {
  sha: string;
  state: CommitState;
  context?: string;
  description?: string;
  targetUrl?: string;
  createdAt?: Date | string;
  repository?: string;
}

/** A running GitHub REST emulator. Create it with startEmulator(); close it in afterEach. */
export class Emulator {
  /** Base URL of the API: give it to Octokit as baseUrl, or to an action as GITHUB_API_URL. */
  readonly url: string;

  /** @internal use startEmulator() */
  constructor(
    private readonly store: Store,
    private readonly urls: Urls,
    private readonly log: LoggedRequest[],
    private readonly faults: FaultInjector,
    private readonly defaultRepository: RepoName,
    private readonly closeServer: () => Promise<void>,
  ) {
    this.url = urls.api;
  }

  close(): Promise<void> {
    return this.closeServer();
  }

  // ---- git data

  /** Adds a commit and returns its sha. */
  addCommit(commit: NewCommit): string {
    const date = isoSeconds(commit.date ?? this.store.now());
    const signature = { name: commit.author?.name ?? 'Test Author', email: commit.author?.email ?? 'author@example.test', date };
    const content = {
      tree: commit.tree,
      parents: commit.parents,
      message: commit.message ?? 'commit',
      author: signature,
      committer: signature,
    };
    const sha = (commit.sha ?? Store.hashCommit(content, this.store.nextId())).toLowerCase();
    if (!/^[0-9a-f]{40}$/.test(sha)) throw new Error(`addCommit: sha must be 40 hex characters, got ${sha}`);
    this.store.addCommit({ sha, ...content });
    return sha;
  }

  /** Points a branch (`main`, `refs/heads/main`) or tag (`refs/tags/v1`) at a known commit. */
  setRef(name: string, sha: string): void {
    if (!this.store.commits.has(sha.toLowerCase())) throw new Error(`setRef(${name}): no commit ${sha}; addCommit it first`);
    this.store.setRef(name, sha.toLowerCase());
  }

  /** Loads every commit, branch and tag of a git repository on disk; HEAD's branch becomes the default branch. */
  async loadGitRepo(dir: string): Promise<{ commits: number; refs: number; defaultBranch: string }> {
    const contents = await readGitRepo(dir);
    for (const commit of contents.commits) this.store.addCommit(commit);
    for (const [name, sha] of contents.refs) this.store.setRef(name, sha);
    if (contents.headBranch !== undefined) this.store.defaultBranch = contents.headBranch;
    return { commits: contents.commits.length, refs: contents.refs.size, defaultBranch: this.store.defaultBranch };
  }

  /** From now on, creating a deployment of this branch with auto_merge answers 202 (GitHub merged the default branch in). */
  markBehindDefaultBranch(branch: string): void {
    this.store.branchesBehindDefault.add(branch.replace(/^refs\/heads\//, ''));
  }

  /** The next POST /deployments answers 202 "Auto-merged ..." and creates nothing, whatever its body. */
  forceNextDeploymentAccepted(): void {
    this.store.forcedAutoMerges += 1;
  }

  addPull(pull: NewPull): Schemas['pull-request'] {
    const now = this.store.now();
    const record = {
      number: pull.number,
      repo: this.repositoryNamed(pull.repository),
      title: pull.title ?? `Merge ${pull.headRef}`,
      body: pull.body ?? null,
      state: pull.state ?? 'open',
      draft: pull.draft ?? false,
      headRef: pull.headRef,
      headSha: pull.headSha,
      baseRef: pull.baseRef ?? this.store.defaultBranch,
      baseSha: pull.baseSha ?? this.store.resolveRef(pull.baseRef ?? this.store.defaultBranch) ?? pull.headSha,
      merged: pull.merged ?? false,
      mergeCommitSha: pull.mergeCommitSha ?? null,
      createdAt: now,
      updatedAt: now,
    };
    this.store.addPull(record);
    return represent.pull(this.urls, record, this.store.defaultBranch);
  }

  // ---- seeding history (no HTTP, no auto_inactive, no checks: fast, for 1,000s of records)

  seedDeployment(seed: SeededDeployment): DeploymentJson {
    const record = buildDeployment(this.store, {
      repo: this.repositoryNamed(seed.repository),
      sha: seed.sha.toLowerCase(),
      ref: seed.ref ?? seed.sha,
      task: seed.task,
      payload: seed.payload,
      environment: seed.environment,
      description: seed.description,
      transientEnvironment: seed.transientEnvironment,
      productionEnvironment: seed.productionEnvironment,
      createdAt: seed.createdAt === undefined ? undefined : isoSeconds(seed.createdAt),
    });
    this.store.addDeployment(record);
    for (const status of seed.statuses ?? []) this.seedStatusOn(record, status);
    return represent.deployment(this.urls, record);
  }

  seedDeploymentStatus(deploymentId: number, status: SeededStatus): DeploymentStatusJson {
    const deployment = this.store.deployments.find((candidate) => candidate.id === deploymentId);
    if (deployment === undefined) throw new Error(`seedDeploymentStatus: no deployment ${deploymentId}`);
    return this.seedStatusOn(deployment, status);
  }

  seedCommitStatus(seed: SeededCommitStatus): CommitStatusJson {
    const record = recordCommitStatus(this.store, {
      repo: this.repositoryNamed(seed.repository),
      sha: seed.sha.toLowerCase(),
      state: seed.state,
      context: seed.context,
      description: seed.description,
      targetUrl: seed.targetUrl,
      createdAt: seed.createdAt === undefined ? undefined : isoSeconds(seed.createdAt),
    });
    return represent.commitStatus(this.urls, record);
  }

  // ---- failures and the request log

  /** The next `count` requests matching `route` (e.g. `"POST /repos/{owner}/{repo}/deployments"`) fail. */
  failNext(route: RoutePattern, options?: FailureOptions): void {
    this.faults.add(route, options);
  }

  /** Every request answered so far, oldest first. */
  get requests(): readonly LoggedRequest[] {
    return this.log;
  }

  countRequests(filter?: RequestFilter): number {
    return countMatching(this.log, filter);
  }

  clearRequests(): void {
    this.log.length = 0;
  }

  // ---- state, as the API would show it

  /** Every deployment of every repository, newest first. */
  get deployments(): DeploymentJson[] {
    return [...this.store.deployments]
      .sort(newestFirst)
      .map((record) => represent.deployment(this.urls, record));
  }

  statusesOf(deploymentId: number): DeploymentStatusJson[] {
    const deployment = this.store.deployments.find((candidate) => candidate.id === deploymentId);
    if (deployment === undefined) return [];
    return this.store.statusesOf(deploymentId).map((record) => represent.deploymentStatus(this.urls, deployment, record));
  }

  /** Commit statuses on a sha in any repository, newest first. */
  commitStatusesOf(sha: string): CommitStatusJson[] {
    return this.store.commitStatuses
      .filter((status) => status.sha === sha.toLowerCase())
      .sort(newestFirst)
      .map((record) => represent.commitStatus(this.urls, record));
  }

  private seedStatusOn(deployment: DeploymentRecord, status: SeededStatus): DeploymentStatusJson {
    const record = appendDeploymentStatus(this.store, deployment, {
      state: status.state,
      description: status.description,
      environmentUrl: status.environmentUrl,
      logUrl: status.logUrl,
      createdAt: status.createdAt === undefined ? undefined : isoSeconds(status.createdAt),
    });
    return represent.deploymentStatus(this.urls, deployment, record);
  }

  private repositoryNamed(fullName: string | undefined): RepoName {
    if (fullName === undefined) return this.defaultRepository;
    return parseRepository(fullName);
  }
}

function parseRepository(fullName: string): RepoName {
  const [owner, name, ...rest] = fullName.split('/');
  if (owner === undefined || owner === '' || name === undefined || name === '' || rest.length > 0) {
    throw new Error(`repository must be owner/name, got ${fullName}`);
  }
  return { owner, name };
}

/** Starts an emulator on 127.0.0.1 on a free port. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const store = new Store(options.now ?? (() => new Date()), options.defaultBranch ?? 'main');
  const urls: Urls = { api: '' };
  const log: LoggedRequest[] = [];
  const faults = new FaultInjector();
  const server = createApiServer({ store, urls, faults, log });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  urls.api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      // Octokit keeps connections alive; without this close() would wait for them to time out.
      server.closeAllConnections();
    });
  return new Emulator(store, urls, log, faults, parseRepository(options.repository ?? 'acme/app'), close);
}
