import type { Handler } from '../handler';
import { notFound } from '../http-error';
import * as represent from '../representations';

/** GET /repos/{owner}/{repo}/pulls/{pull_number} — pull requests are seeded by tests. */
export const getPull: Handler = ({ store, urls, repo, params }) => {
  const number = params['pull_number'] ?? '';
  const record = /^\d+$/.test(number) ? store.findPull(repo, Number(number)) : undefined;
  if (record === undefined) throw notFound();
  return { status: 200, body: represent.pull(urls, record, store.defaultBranch) };
};
