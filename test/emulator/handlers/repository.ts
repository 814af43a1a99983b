import type { Handler } from '../handler';
import * as represent from '../representations';

/** GET /repos/{owner}/{repo} — every repository name exists; its default branch is the emulator's. */
export const getRepository: Handler = ({ store, urls, repo }) => ({
  status: 200,
  body: represent.repository(urls, repo, store.defaultBranch),
});
