import type { CommitInfo, Deployment } from '@shipgate/records';

/**
 * How many of the source environment's newest deployments are searched by default for the
 * same code: one page, one call. `search-depth` widens it, at 1 call per 100 more deployments
 * plus at most 1 tree lookup per 100 more commits.
 */
export const DEFAULT_SEARCH_DEPTH = 100;
/** Deployments per listing request (GitHub's page size); trees come TREES_PER_LOOKUP per request. */
const PAGE = 100;
export const MAX_SEARCH_DEPTH = 1000;

/** How one deployment vouches for the promoted commit; the summary's "matched by" says the same. */
export type MatchedBy = 'sha' | 'parent' | 'tree';

/** A deployment whose payload named a tree git contradicts: it counts only by its real tree. */
export interface IgnoredPayload {
  deployment: Deployment;
  claimedTree: string;
  gitTree: string;
}

export interface StagingLookup {
  /** The newest source-environment deployment of the same code, if any. */
  deployment?: Deployment;
  matchedBy?: MatchedBy;
  /** The tree both commits have, as git reports it (the proof). */
  tree?: string;
  /** Where it looked, for a refusal that says where. */
  searched: string;
  /** How to look further, when the search stopped before the end of the history. */
  widen?: string;
  ignoredPayloads: IgnoredPayload[];
}

const short = (sha: string) => sha.slice(0, 7);
const unique = (shas: Iterable<string>) => [...new Set(shas)];

/**
 * The deployments whose tree decides, newest first: all of the window down to the newest one
 * that git already vouches for (the same sha, or an ancestor read with the commit), because a
 * newer deployment of the same code decides even if it failed; the whole window otherwise.
 */
function deciding(window: readonly Deployment[], commit: CommitInfo, known: ReadonlyMap<string, string>): readonly Deployment[] {
  const firstKnown = window.findIndex((d) => d.sha === commit.sha || (commit.tree !== undefined && known.get(d.sha) === commit.tree));
  return firstKnown === -1 ? window : window.slice(0, firstKnown + 1);
}

/** The commits whose tree git must be asked for before the source window can be judged. */
export function stagingTreeNeeds(window: readonly Deployment[], commit: CommitInfo, known: ReadonlyMap<string, string>): string[] {
  return unique(deciding(window, commit, known).map((d) => d.sha)).filter((sha) => sha !== commit.sha && !known.has(sha));
}

/**
 * Finds the deployment that vouches for `commit` in the source window, by git trees only:
 * the same sha (a fast-forward), a parent of the merge commit with the same tree, or any other
 * commit with the same tree (a squash merge, a hotfix rebuilt from develop). A payload's `tree`
 * never counts on its own: where git contradicts it, the deployment is judged by its real tree
 * and the payload is reported as ignored. The newest deployment of the same code decides.
 */
export function matchStagingDeployment(
  window: readonly Deployment[],
  commit: CommitInfo & { tree: string },
  trees: ReadonlyMap<string, string>,
  environment: string,
  depth: number,
): StagingLookup {
  const ignoredPayloads: IgnoredPayload[] = [];
  const gitTree = (d: Deployment) => (d.sha === commit.sha ? commit.tree : trees.get(d.sha));
  let found: Deployment | undefined;
  let unknown = 0;
  for (const deployment of deciding(window, commit, trees)) {
    const tree = gitTree(deployment);
    const claimed = deployment.payload.shipgate?.tree;
    if (tree === undefined) unknown += 1;
    else if (typeof claimed === 'string' && claimed !== '' && claimed !== tree) ignoredPayloads.push({ deployment, claimedTree: claimed, gitTree: tree });
    if (tree === commit.tree) {
      found = deployment;
      break;
    }
  }
  const complete = window.length < depth;
  const extent = complete ? `all ${window.length} deployment(s)` : `the ${depth} newest deployments`;
  const notInGit = unknown > 0 ? `; ${unknown} of them name a commit git does not have (force-pushed away?)` : '';
  const searched = `${extent} in ${environment} for ${short(commit.sha)} or a commit with its tree ${short(commit.tree)}, comparing trees read from git${notInGit}`;
  const widen = complete || depth >= MAX_SEARCH_DEPTH
    ? undefined
    : `set search-depth (now ${depth}, at most ${MAX_SEARCH_DEPTH}) to look further back; each ${PAGE} more deployments cost at most 2 more API calls`;
  if (!found) return { searched, widen, ignoredPayloads };
  const matchedBy: MatchedBy = found.sha === commit.sha ? 'sha' : commit.parents.includes(found.sha) ? 'parent' : 'tree';
  return { deployment: found, matchedBy, tree: commit.tree, searched, ignoredPayloads };
}

/** `match: sha`, or a commit whose tree is unknown (local backend outside git): the exact sha only. */
export function matchExactSha(deployments: readonly Deployment[], commit: CommitInfo, environment: string, match: 'tree' | 'sha'): StagingLookup {
  const [deployment] = deployments;
  const why = match === 'tree' ? ' (its tree is unknown outside a git checkout, so only the exact sha counts)' : '';
  const searched = `deployments of ${short(commit.sha)} in ${environment}${why}`;
  return deployment ? { deployment, matchedBy: 'sha', tree: commit.tree, searched, ignoredPayloads: [] } : { searched, ignoredPayloads: [] };
}
