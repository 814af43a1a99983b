import { latestPerContext } from '../combined-status';
import type { Handler } from '../handler';
import { HttpError, invalidRequest, notFound } from '../http-error';
import { pageHeaders, paginate } from '../pagination';
import * as represent from '../representations';
import { optionalBoolean, optionalString, optionalStringArray, requiredString } from '../request-body';
import { Store } from '../store';
import type { DeploymentRecord, RepoName } from '../store';

/** The fields a deployment is made from, after GitHub's defaults are applied. */
export interface DeploymentFields {
  repo: RepoName;
  sha: string;
  ref: string;
  task?: string;
  payload?: Record<string, unknown> | string;
  environment?: string;
  description?: string | null;
  transientEnvironment?: boolean;
  productionEnvironment?: boolean;
  createdAt?: string;
}

/** Applies GitHub's defaults; shared by the REST handler and the seeding hook. */
export function buildDeployment(store: Store, fields: DeploymentFields): DeploymentRecord {
  const environment = fields.environment ?? 'production';
  const createdAt = fields.createdAt ?? store.now();
  return {
    id: store.nextId(),
    repo: fields.repo,
    sha: fields.sha,
    ref: fields.ref,
    task: fields.task ?? 'deploy',
    payload: fields.payload ?? {},
    environment,
    originalEnvironment: environment,
    description: fields.description ?? '',
    transientEnvironment: fields.transientEnvironment ?? false,
    productionEnvironment: fields.productionEnvironment ?? environment === 'production',
    createdAt,
    updatedAt: createdAt,
  };
}

/** POST /repos/{owner}/{repo}/deployments */
export const createDeployment: Handler = ({ store, urls, repo, body }) => {
  const ref = requiredString(body, 'ref');
  const autoMerge = optionalBoolean(body, 'auto_merge') ?? true;
  const requiredContexts = optionalStringArray(body, 'required_contexts');
  const fields = {
    task: optionalString(body, 'task'),
    payload: readPayload(body['payload']),
    environment: optionalString(body, 'environment'),
    description: optionalString(body, 'description'),
    transientEnvironment: optionalBoolean(body, 'transient_environment'),
    productionEnvironment: optionalBoolean(body, 'production_environment'),
  };

  const sha = store.resolveRef(ref);
  if (sha === undefined) throw new HttpError(422, `No ref found for: ${ref}`);

  // GitHub merges the default branch into a lagging ref and answers 202 instead of deploying.
  if (store.forcedAutoMerges > 0) {
    store.forcedAutoMerges -= 1;
    return autoMerged(store, ref);
  }
  if (autoMerge && store.branchesBehindDefault.has(shortBranchName(ref))) {
    mergeDefaultBranchInto(store, shortBranchName(ref));
    return autoMerged(store, ref);
  }

  assertContextsPassed(store, repo, ref, sha, requiredContexts);

  const record = buildDeployment(store, { repo, sha, ref, ...withoutUndefined(fields) });
  store.addDeployment(record);
  return { status: 201, body: represent.deployment(urls, record) };
};

/** GET /repos/{owner}/{repo}/deployments */
export const listDeployments: Handler = ({ store, urls, repo, url }) => {
  const query = url.searchParams;
  const filters: [string, (deployment: DeploymentRecord) => string][] = [
    ['sha', (deployment) => deployment.sha],
    ['ref', (deployment) => deployment.ref],
    ['task', (deployment) => deployment.task],
    ['environment', (deployment) => deployment.environment],
  ];
  const matching = store.deploymentsOf(repo).filter((deployment) =>
    filters.every(([name, field]) => {
      const wanted = query.get(name);
      // GitHub treats an empty filter value as "no filter" (Octokit sends none for undefined).
      return wanted === null || wanted === '' || field(deployment) === wanted;
    }),
  );
  const page = paginate(matching, url);
  return {
    status: 200,
    body: page.items.map((deployment) => represent.deployment(urls, deployment)),
    headers: pageHeaders(page),
  };
};

/** GET /repos/{owner}/{repo}/deployments/{deployment_id} */
export const getDeployment: Handler = ({ store, urls, repo, params }) => {
  return { status: 200, body: represent.deployment(urls, findDeploymentOrFail(store, repo, params['deployment_id'])) };
};

export function findDeploymentOrFail(store: Store, repo: RepoName, id: string | undefined): DeploymentRecord {
  const deployment = id !== undefined && /^\d+$/.test(id) ? store.findDeployment(repo, Number(id)) : undefined;
  if (deployment === undefined) throw notFound();
  return deployment;
}

/** `payload` may be an object or a string; a string holding a JSON object is stored parsed, as GitHub does. */
function readPayload(value: unknown): Record<string, unknown> | string | undefined {
  if (value == null) return undefined;
  if (typeof value === 'string') {
    try {
      const parsed: unknown = JSON.parse(value);
      if (isPlainObject(parsed)) return parsed;
    } catch {
      // not JSON: GitHub keeps the string as it is
    }
    return value;
  }
  if (isPlainObject(value)) return value;
  throw invalidRequest(`For 'properties/payload', ${JSON.stringify(value)} is not an object or a string.`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shortBranchName(ref: string): string {
  return ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : ref;
}

function autoMerged(store: Store, ref: string) {
  return { status: 202, body: { message: `Auto-merged ${store.defaultBranch} into ${ref} on deployment.` } };
}

/** What GitHub's auto-merge leaves behind: a merge commit on the branch, which is then up to date. */
function mergeDefaultBranchInto(store: Store, branch: string): void {
  store.branchesBehindDefault.delete(branch);
  const branchSha = store.refs.get(`refs/heads/${branch}`);
  const defaultSha = store.refs.get(`refs/heads/${store.defaultBranch}`);
  const defaultCommit = defaultSha === undefined ? undefined : store.commits.get(defaultSha);
  if (branchSha === undefined || defaultSha === undefined || defaultCommit === undefined) return;
  const signature = { name: 'GitHub', email: 'noreply@github.com', date: store.now() };
  const merge = {
    tree: defaultCommit.tree,
    parents: [branchSha, defaultSha],
    message: `Merge branch '${store.defaultBranch}' into ${branch}`,
    author: signature,
    committer: signature,
  };
  const sha = Store.hashCommit(merge, store.nextId());
  store.addCommit({ sha, ...merge });
  store.setRef(branch, sha);
}

/**
 * GitHub refuses (409) to deploy a commit whose required contexts are not all `success`.
 * Omitted `required_contexts` means every context present on the commit.
 */
function assertContextsPassed(
  store: Store,
  repo: RepoName,
  ref: string,
  sha: string,
  requiredContexts: string[] | undefined,
): void {
  const latest = latestPerContext(store.commitStatusesOf(repo, sha));
  const required = requiredContexts ?? latest.map((status) => status.context);
  const failing = required
    .map((context) => ({ context, state: latest.find((status) => status.context === context)?.state ?? 'missing' }))
    .filter((context) => context.state !== 'success');
  if (failing.length === 0) return;
  throw new HttpError(409, `Conflict: Commit status checks failed for ${ref}.`, {
    errors: [{ contexts: failing, resource: 'Deployment', field: 'required_contexts', code: 'invalid' }],
  });
}

function withoutUndefined<T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
