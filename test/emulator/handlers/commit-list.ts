import type { Handler } from '../handler';
import { HttpError } from '../http-error';
import { pageHeaders, paginate } from '../pagination';
import * as represent from '../representations';
import type { CommitRecord, Store } from '../store';

/**
 * GET /repos/{owner}/{repo}/commits?sha=<ref> — the commits reachable from `sha` (the default
 * branch when absent), newest committer date first, like `git log`. Each carries its tree and
 * parents; the list form has no `stats` or `files`.
 */
export const listCommits: Handler = ({ store, urls, repo, url }) => {
  const ref = url.searchParams.get('sha') ?? store.defaultBranch;
  const start = store.resolveRef(ref);
  if (start === undefined) throw new HttpError(404, `No commit found for SHA: ${ref}`);
  const page = paginate(walkHistory(store, start), url);
  const body = page.items.map((record) => {
    const { stats: _stats, files: _files, ...listed } = represent.commit(urls, repo, record);
    return listed;
  });
  return { status: 200, body, headers: pageHeaders(page) };
};

/** git log's default order: repeatedly the newest (by committer date) commit not shown yet. */
function walkHistory(store: Store, start: string): CommitRecord[] {
  const shown: CommitRecord[] = [];
  const queued = new Set([start]);
  const waiting: CommitRecord[] = [];
  const enqueue = (sha: string) => {
    const commit = store.commits.get(sha);
    if (commit !== undefined) waiting.push(commit);
  };
  enqueue(start);
  while (waiting.length > 0) {
    let newest = 0;
    for (let i = 1; i < waiting.length; i++) if ((waiting[i]?.committer.date ?? '') > (waiting[newest]?.committer.date ?? '')) newest = i;
    const [commit] = waiting.splice(newest, 1);
    if (commit === undefined) break;
    shown.push(commit);
    for (const parent of commit.parents) {
      if (queued.has(parent)) continue;
      queued.add(parent);
      enqueue(parent);
    }
  }
  return shown;
}
