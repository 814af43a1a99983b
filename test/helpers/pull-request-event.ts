import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The runner's environment for a `pull_request` event into main: the event file it writes
 * (GITHUB_EVENT_PATH) with the head branch, head sha and head repository (a fork when it is not
 * acme/app), as the gate's branch-flow check reads them.
 */
export function pullRequestEvent(
  dir: string,
  pr: { headRef: string; headSha: string; baseSha: string; headRepo?: string },
): Record<string, string> {
  const file = join(dir, `event-${pr.headRef.replace(/\W/g, '_').slice(0, 80)}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      action: 'synchronize',
      pull_request: {
        number: 12,
        html_url: 'https://github.com/acme/app/pull/12',
        head: { ref: pr.headRef, sha: pr.headSha, repo: { full_name: pr.headRepo ?? 'acme/app' } },
        base: { ref: 'main', sha: pr.baseSha, repo: { full_name: 'acme/app' } },
      },
    }),
  );
  return { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: file, GITHUB_REF: 'refs/pull/12/merge' };
}
