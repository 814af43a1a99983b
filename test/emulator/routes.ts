import type { Handler } from './handler';
import { getCombinedStatus, createCommitStatus, listCommitStatuses } from './handlers/commit-statuses';
import { createDeploymentStatus, getDeploymentStatus, listDeploymentStatuses } from './handlers/deployment-statuses';
import { createDeployment, getDeployment, listDeployments } from './handlers/deployments';
import { getCommit, getGitCommit } from './handlers/git-data';
import { graphql } from './handlers/graphql';
import { listCommits } from './handlers/commit-list';
import { compareCommits } from './handlers/compare';
import { getPull } from './handlers/pulls';
import { getRepository } from './handlers/repository';
import { compileRoutePattern } from './route-pattern';
import type { RouteMatcher } from './route-pattern';

/**
 * Every endpoint the emulator serves, in Octokit's route spelling. Keep in step with
 * OPERATIONS in scripts/openapi-snapshot.mjs, which checks their response shapes.
 */
const ROUTES: [string, Handler][] = [
  ['GET /repos/{owner}/{repo}', getRepository],
  ['POST /repos/{owner}/{repo}/deployments', createDeployment],
  ['GET /repos/{owner}/{repo}/deployments', listDeployments],
  ['GET /repos/{owner}/{repo}/deployments/{deployment_id}', getDeployment],
  ['POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', createDeploymentStatus],
  ['GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', listDeploymentStatuses],
  ['GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses/{status_id}', getDeploymentStatus],
  ['POST /repos/{owner}/{repo}/statuses/{sha}', createCommitStatus],
  ['GET /repos/{owner}/{repo}/commits/{ref}/statuses', listCommitStatuses],
  ['GET /repos/{owner}/{repo}/commits/{ref}/status', getCombinedStatus],
  ['GET /repos/{owner}/{repo}/commits/{ref}', getCommit],
  ['GET /repos/{owner}/{repo}/git/commits/{commit_sha}', getGitCommit],
  ['GET /repos/{owner}/{repo}/pulls/{pull_number}', getPull],
  ['GET /repos/{owner}/{repo}/commits', listCommits],
  ['GET /repos/{owner}/{repo}/compare/{basehead}', compareCommits],
  ['POST /graphql', graphql],
];

const COMPILED: { route: string; match: RouteMatcher; handler: Handler }[] = ROUTES.map(([route, handler]) => ({
  route,
  match: compileRoutePattern(route),
  handler,
}));

export interface MatchedRoute {
  route: string;
  handler: Handler;
  params: Record<string, string>;
}

export function findRoute(method: string, path: string): MatchedRoute | undefined {
  for (const { route, match, handler } of COMPILED) {
    const params = match(method, path);
    if (params !== undefined) return { route, handler, params };
  }
  return undefined;
}
