import type { Handler } from '../handler';
import { notFound } from '../http-error';
import { pageHeaders, paginate } from '../pagination';
import * as represent from '../representations';
import type { CommitRecord, Store } from '../store';

/** What GitHub lists in a compare answer that is not paged. */
export const COMPARE_LIMIT = 250;

/**
 * GET /repos/{owner}/{repo}/compare/{base}...{head} — the commits reachable from head and not
 * from base (`git log base..head`), oldest first by committer date as GitHub lists them, with
 * `total_commits`. Not paged: at most 250 listed, the NEWEST 250 (GitHub: "the last commit in the
 * list is the most recent of the entire comparison"), so the oldest are the ones left out. With
 * `per_page`/`page`: that page of them.
 * Files and stats are left empty (nothing shipgate reads).
 */
export const compareCommits: Handler = ({ store, urls, repo, params, url }) => {
  const [baseRef = '', headRef = ''] = (params['basehead'] ?? '').split('...');
  const base = store.resolveRef(baseRef);
  const head = store.resolveRef(headRef);
  if (base === undefined || head === undefined) throw notFound();
  const excluded = reachable(store, [base]);
  const included = reachable(store, [head]);
  const ahead = [...included].filter((sha) => !excluded.has(sha)).map((sha) => store.commits.get(sha) as CommitRecord);
  const behindBy = [...excluded].filter((sha) => !included.has(sha)).length;
  const chronological = ahead.sort((a, b) => (a.committer.date === b.committer.date ? 0 : a.committer.date < b.committer.date ? -1 : 1));
  const paged = url.searchParams.has('per_page') || url.searchParams.has('page');
  const page = paged ? paginate(chronological, url) : { items: chronological.slice(-COMPARE_LIMIT), link: undefined };
  const toJson = (record: CommitRecord) => {
    const { stats: _stats, files: _files, ...listed } = represent.commit(urls, repo, record);
    return listed;
  };
  const baseCommit = store.commits.get(base) as CommitRecord;
  return {
    status: 200,
    body: {
      url: `${urls.api}/repos/${repo.owner}/${repo.name}/compare/${baseRef}...${headRef}`,
      status: chronological.length === 0 ? (behindBy === 0 ? 'identical' : 'behind') : behindBy === 0 ? 'ahead' : 'diverged',
      ahead_by: chronological.length,
      behind_by: behindBy,
      total_commits: chronological.length,
      base_commit: toJson(baseCommit),
      merge_base_commit: toJson(baseCommit),
      commits: page.items.map(toJson),
      files: [],
    },
    headers: pageHeaders(page),
  };
};

function reachable(store: Store, starts: string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...starts];
  while (stack.length > 0) {
    const sha = stack.pop() as string;
    if (seen.has(sha)) continue;
    const commit = store.commits.get(sha);
    if (commit === undefined) continue;
    seen.add(sha);
    stack.push(...commit.parents);
  }
  return seen;
}
