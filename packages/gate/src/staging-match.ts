import type { CommitInfo } from '@shipgate/records';
import type { IgnoredPayload, MatchedBy, StagingLookup } from './staging-lookup';
import type { Evidence, GateCheck } from './types';

const short = (sha: string) => sha.slice(0, 7);

/** The one wording of how a deployment vouches, used by the detail, the evidence and the summary. */
export function matchedByText(matchedBy: MatchedBy): string {
  switch (matchedBy) {
    case 'sha':
      return 'same commit (sha)';
    case 'parent':
      return 'same tree, read from git: the deployed commit is a parent of the promoted merge commit';
    case 'tree':
      return 'same tree, read from git: a different commit with identical content (squash merge, rebuilt branch)';
  }
}

/** The proof a reviewer can re-check with `git rev-parse <sha>^{tree}`: both commits and the tree. */
export function proofText(commit: CommitInfo, deployedSha: string, tree: string | undefined): string {
  if (deployedSha === commit.sha) return `${commit.sha} is the deployed commit itself${tree ? ` (tree ${tree})` : ''}`;
  return `git: ${deployedSha}^{tree} = ${commit.sha}^{tree} = ${tree ?? 'unknown'}`;
}

const ignoredText = (ignored: IgnoredPayload) =>
  `deployment #${ignored.deployment.id} claims tree ${short(ignored.claimedTree)} in its payload, but git says its commit ${short(ignored.deployment.sha)} has tree ${short(ignored.gitTree)}: the payload was ignored`;

/** The same code (sha, or tree with `match: tree`) was deployed to the source environment. */
export function checkStagingMatch(commit: CommitInfo, lookup: StagingLookup, environment: string, match: 'tree' | 'sha'): GateCheck {
  const { deployment } = lookup;
  const ignoredEvidence: Evidence[] = lookup.ignoredPayloads.slice(0, 3).map((ignored) => ({ label: 'Ignored payload', text: ignoredText(ignored) }));
  const ignoredNote = lookup.ignoredPayloads.length > 0 ? `; ${lookup.ignoredPayloads.map(ignoredText).slice(0, 2).join('; ')}${lookup.ignoredPayloads.length > 2 ? ` (and ${lookup.ignoredPayloads.length - 2} more)` : ''}` : '';
  if (!deployment || !lookup.matchedBy) {
    const what = match === 'tree' && commit.tree ? `${short(commit.sha)} (tree ${short(commit.tree)})` : short(commit.sha);
    return {
      name: 'staging-match',
      passed: false,
      detail: `${what} was never deployed to ${environment}: searched ${lookup.searched}${ignoredNote}${lookup.widen ? `; ${lookup.widen}` : ''}`,
      evidence: [{ label: 'Commit', text: `${commit.sha}${commit.tree ? ` (tree ${commit.tree})` : ''}` }, ...ignoredEvidence],
    };
  }
  const version = deployment.payload.shipgate?.version;
  const how = lookup.matchedBy === 'sha' ? `${short(commit.sha)} itself` : `${short(deployment.sha)}, which has the same tree ${short(lookup.tree ?? '')} as ${short(commit.sha)} in git`;
  return {
    name: 'staging-match',
    passed: true,
    detail: `deployment #${deployment.id} in ${environment} deployed ${how}${ignoredNote}`,
    evidence: [
      { label: 'Deployment', text: `#${deployment.id} of ${deployment.sha}${typeof version === 'string' ? ` (${version})` : ''}, created ${deployment.createdAt}` },
      { label: 'Matched by', text: matchedByText(lookup.matchedBy) },
      { label: 'Proof', text: proofText(commit, deployment.sha, lookup.tree) },
      ...ignoredEvidence,
    ],
  };
}
