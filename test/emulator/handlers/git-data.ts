import type { Handler } from '../handler';
import { HttpError, notFound } from '../http-error';
import * as represent from '../representations';

/** GET /repos/{owner}/{repo}/commits/{ref} — a sha, sha prefix, branch or tag. */
export const getCommit: Handler = ({ store, urls, repo, params }) => {
  const ref = params['ref'] ?? '';
  const sha = store.resolveRef(ref);
  const commit = sha === undefined ? undefined : store.commits.get(sha);
  if (commit === undefined) throw new HttpError(422, `No commit found for SHA: ${ref}`);
  return { status: 200, body: represent.commit(urls, repo, commit) };
};

/** GET /repos/{owner}/{repo}/git/commits/{commit_sha} — full shas only, as the git database API. */
export const getGitCommit: Handler = ({ store, urls, repo, params }) => {
  const commit = store.commits.get((params['commit_sha'] ?? '').toLowerCase());
  if (commit === undefined) throw notFound();
  return { status: 200, body: represent.gitCommit(urls, repo, commit) };
};
