import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BASE_SEARCH_PAGES, HISTORY_PAGE_SIZE, isGoodChangeRecord, type CommitComparison, type RecordedDeployment } from './delivery-history';
import type { Deployment, DeploymentState } from './types';

const run = promisify(execFile);

/** The records file's deployments, as LocalRecords keeps them (statuses included). */
export interface StoredHistoryDeployment {
  id: number;
  sha: string;
  environment: string;
  createdAt: string;
  payload: Record<string, unknown>;
  transientEnvironment: boolean;
  statuses: { state: DeploymentState; createdAt: string; description: string }[];
}

/**
 * The local file's deployments of `environment` created at or after `since`, newest first, and
 * the 100 before them (as GitHub's last page would give them: context for the first comparison);
 * when those hold no successful change deployment, up to BASE_SEARCH_PAGES × 100 more, as the
 * GitHub backend reads up to that many more pages to find one.
 */
export function localDeploymentsSince(deployments: readonly StoredHistoryDeployment[], environment: string, since: Date): RecordedDeployment[] {
  const newestFirst = deployments.filter((d) => d.environment === environment).sort((a, b) => b.id - a.id).map(toRecorded);
  const inWindow = newestFirst.filter((d) => Date.parse(d.createdAt) >= since.getTime()).length;
  let older = HISTORY_PAGE_SIZE;
  for (let extra = 0; extra < BASE_SEARCH_PAGES && !newestFirst.slice(inWindow, inWindow + older).some(isGoodChangeRecord); extra++) older += HISTORY_PAGE_SIZE;
  return newestFirst.slice(0, inWindow + older);
}

function toRecorded(d: StoredHistoryDeployment): RecordedDeployment {
  return {
    id: d.id,
    sha: d.sha,
    createdAt: d.createdAt,
    payload: d.payload as Deployment['payload'],
    transientEnvironment: d.transientEnvironment,
    statuses: d.statuses.map((s) => ({ state: s.state, createdAt: s.createdAt, description: s.description })),
  };
}

/**
 * `git log base..head` in the local checkout, with committer dates: every commit, no page
 * limit (git answers locally). Undefined outside a git checkout or when git does not have one
 * of the commits (a shallow clone: fetch with fetch-depth: 0).
 */
export async function compareWithGit(gitDir: string, base: string, head: string): Promise<CommitComparison | undefined> {
  if (!/^[0-9a-f]{4,40}$/i.test(base) || !/^[0-9a-f]{4,40}$/i.test(head)) return undefined;
  try {
    const { stdout } = await run('git', ['log', '--format=%H %cI', `${base}..${head}`, '--'], { cwd: gitDir, maxBuffer: 64 * 1024 * 1024 });
    const commits = stdout
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const [sha = '', committedAt = ''] = line.trim().split(' ');
        return { sha, committedAt };
      });
    return { commits, totalCommits: commits.length };
  } catch {
    return undefined;
  }
}
