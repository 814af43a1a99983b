import { latestPerContext } from '../combined-status';
import type { Handler, RequestContext } from '../handler';
import { HttpError, notFound, validationFailed } from '../http-error';
import { pageHeaders, paginate } from '../pagination';
import * as represent from '../representations';
import { optionalString, requiredEnum } from '../request-body';
import { COMMIT_STATES } from '../store';
import type { CommitState, CommitStatusRecord, RepoName, Store } from '../store';

const MAX_DESCRIPTION_LENGTH = 140;

export interface CommitStatusFields {
  repo: RepoName;
  sha: string;
  state: CommitState;
  context?: string;
  description?: string | null;
  targetUrl?: string | null;
  createdAt?: string;
}

/** Records a commit status with GitHub's defaults; shared by the REST handler and the seeding hook. */
export function recordCommitStatus(store: Store, fields: CommitStatusFields): CommitStatusRecord {
  const createdAt = fields.createdAt ?? store.now();
  const record: CommitStatusRecord = {
    id: store.nextId(),
    repo: fields.repo,
    sha: fields.sha,
    state: fields.state,
    context: fields.context ?? 'default',
    description: fields.description ?? null,
    targetUrl: fields.targetUrl ?? null,
    createdAt,
    updatedAt: createdAt,
  };
  store.addCommitStatus(record);
  return record;
}

/** POST /repos/{owner}/{repo}/statuses/{sha} — only a full sha of a known commit, like GitHub. */
export const createCommitStatus: Handler = ({ store, urls, repo, params, body }) => {
  const sha = (params['sha'] ?? '').toLowerCase();
  if (!store.commits.has(sha)) throw new HttpError(422, `No commit found for SHA: ${params['sha'] ?? ''}`);
  const state = requiredEnum(body, 'state', COMMIT_STATES);
  const description = optionalString(body, 'description');
  if (description !== undefined && description.length > MAX_DESCRIPTION_LENGTH) {
    throw validationFailed('Status', 'description', 'custom', 'description is too long (maximum is 140 characters)');
  }
  const record = recordCommitStatus(store, {
    repo,
    sha,
    state,
    description,
    context: optionalString(body, 'context'),
    targetUrl: optionalString(body, 'target_url'),
  });
  return { status: 201, body: represent.commitStatus(urls, record) };
};

/** GET /repos/{owner}/{repo}/commits/{ref}/statuses — every status, newest first. */
export const listCommitStatuses: Handler = (context) => {
  const { urls, url } = context;
  const page = paginate(statusesForRef(context).statuses, url);
  return {
    status: 200,
    body: page.items.map((record) => represent.commitStatus(urls, record)),
    headers: pageHeaders(page),
  };
};

/** GET /repos/{owner}/{repo}/commits/{ref}/status — the latest status per context and their verdict. */
export const getCombinedStatus: Handler = (context) => {
  const { store, urls, repo, url } = context;
  const { sha, statuses } = statusesForRef(context);
  const latest = latestPerContext(statuses);
  const page = paginate(latest, url);
  return {
    status: 200,
    body: represent.combinedStatus(urls, repo, store.defaultBranch, sha, latest, page.items),
    headers: pageHeaders(page),
  };
};

function statusesForRef({ store, repo, params }: RequestContext): { sha: string; statuses: CommitStatusRecord[] } {
  const sha = store.resolveRef(params['ref'] ?? '');
  if (sha === undefined) throw notFound();
  return { sha, statuses: store.commitStatusesOf(repo, sha) };
}
