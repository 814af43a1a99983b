import { branchPatternMatches } from './allowed-sources';
import type { GateCheck, GateEvent } from './types';

/**
 * On a pull request into the protected branch, only the allowed source branches may come in
 * (`develop`, `hotfix/*`…), and only from this repository: a fork can name its branch
 * `develop` too. Other events (push, tag) promote a commit that is checked on its own merits.
 */
export function checkBranchFlow(event: GateEvent, allowedSources: readonly string[]): GateCheck {
  const pr = event.pullRequest;
  if (!pr) {
    return {
      name: 'branch-flow',
      passed: true,
      detail: `${event.name} event: branch flow applies to pull requests; the commit itself is checked`,
      evidence: [{ label: 'Event', text: event.name }],
    };
  }
  const evidence = [
    { label: 'Pull request', text: `${pr.number !== undefined ? `#${pr.number} ` : ''}${pr.headRef} → ${pr.baseRef}`, href: pr.url },
    { label: 'Allowed sources', text: allowedSources.join(', ') || '(none)' },
  ];
  // GitHub sends no head repository when the fork was deleted: that is not "this repository".
  if (!pr.headRepo) {
    return {
      name: 'branch-flow',
      passed: false,
      detail: `pull request head '${pr.headRef}' has no repository (a deleted fork?); only branches of this repository may flow into '${pr.baseRef}'`,
      evidence,
    };
  }
  if (pr.baseRepo && pr.headRepo.toLowerCase() !== pr.baseRepo.toLowerCase()) {
    return {
      name: 'branch-flow',
      passed: false,
      detail: `pull request head '${pr.headRef}' comes from the fork ${pr.headRepo}, not ${pr.baseRepo}; only branches of this repository may flow into '${pr.baseRef}'`,
      evidence,
    };
  }
  const allowedBy = allowedSources.find((pattern) => branchPatternMatches(pattern, pr.headRef));
  if (!allowedBy) {
    return {
      name: 'branch-flow',
      passed: false,
      detail: `pull request from '${pr.headRef}' into '${pr.baseRef}' is not allowed: the head branch matches none of allowed-sources (${allowedSources.join(', ') || 'none'})`,
      evidence,
    };
  }
  return {
    name: 'branch-flow',
    passed: true,
    detail: `pull request from '${pr.headRef}' into '${pr.baseRef}' is allowed by '${allowedBy}'`,
    evidence,
  };
}
