import type { CommitInfo } from '@shipgate/records';
import type { StagingLookup } from './staging-lookup';
import type { GateCheck } from './types';

/** The same code (sha, or tree with `match: tree`) was deployed to the source environment. */
export function checkStagingMatch(commit: CommitInfo, lookup: StagingLookup, environment: string, match: 'tree' | 'sha'): GateCheck {
  const short = commit.sha.slice(0, 7);
  const { deployment } = lookup;
  if (!deployment) {
    const what = match === 'tree' && commit.tree ? `${short} (tree ${commit.tree.slice(0, 7)})` : short;
    return {
      name: 'staging-match',
      passed: false,
      detail: `${what} was never deployed to ${environment}: searched ${lookup.searched}`,
      evidence: [{ label: 'Commit', text: `${commit.sha}${commit.tree ? ` (tree ${commit.tree})` : ''}` }],
    };
  }
  const version = deployment.payload.shipgate?.version;
  const how =
    lookup.matchedBy === 'sha'
      ? `${short} itself`
      : `${deployment.sha.slice(0, 7)}, which has the same tree ${commit.tree?.slice(0, 7)} as ${short}`;
  return {
    name: 'staging-match',
    passed: true,
    detail: `deployment #${deployment.id} in ${environment} deployed ${how}`,
    evidence: [
      { label: 'Deployment', text: `#${deployment.id} of ${deployment.sha}${version ? ` (${version})` : ''}, created ${deployment.createdAt}` },
      { label: 'Matched by', text: lookup.matchedBy === 'sha' ? 'same sha' : `same tree ${commit.tree ?? ''}` },
    ],
  };
}
