import type { components } from '@octokit/openapi-types';
import { combinedState, latestPerContext } from './combined-status';
import type {
  CommitRecord,
  CommitStatusRecord,
  DeploymentRecord,
  DeploymentStatusRecord,
  GitIdentity,
  PullRecord,
  RepoName,
} from './store';

/**
 * Turns stored records into the JSON GitHub answers, field for field as its OpenAPI
 * description requires (openapi-conformance.test.ts holds us to it). The types come from
 * @octokit/openapi-types, so a missing required field is also a compile error.
 */
type Schemas = components['schemas'];
/** GitHub documents ids as int64 (`number | bigint`); they are plain numbers in JSON and here. */
type WithNumberId<T> = T & { id: number };

/** Links a person would open in a browser; GitHub's own, since nothing here serves HTML. */
const HTML_BASE = 'https://github.com';
/** Stable fixed date for objects whose dates no test looks at (users, repositories). */
const EPOCH = '2020-01-01T00:00:00Z';

/** Everything a representation needs beyond the record: where the API is served. */
export interface Urls {
  api: string;
}

function nodeId(kind: string, id: number | string): string {
  return Buffer.from(`0:${kind}${id}`).toString('base64');
}

/** The token owner in Actions; every object shipgate creates is attributed to it. */
export function actor(urls: Urls, login = 'github-actions[bot]', id = 41898282): Schemas['simple-user'] {
  const userUrl = `${urls.api}/users/${encodeURIComponent(login)}`;
  return {
    login,
    id,
    node_id: nodeId('User', id),
    avatar_url: `https://avatars.githubusercontent.com/in/15368?v=4`,
    gravatar_id: '',
    url: userUrl,
    html_url: `${HTML_BASE}/apps/github-actions`,
    followers_url: `${userUrl}/followers`,
    following_url: `${userUrl}/following{/other_user}`,
    gists_url: `${userUrl}/gists{/gist_id}`,
    starred_url: `${userUrl}/starred{/owner}{/repo}`,
    subscriptions_url: `${userUrl}/subscriptions`,
    organizations_url: `${userUrl}/orgs`,
    repos_url: `${userUrl}/repos`,
    events_url: `${userUrl}/events{/privacy}`,
    received_events_url: `${userUrl}/received_events`,
    type: login.endsWith('[bot]') ? 'Bot' : 'User',
    site_admin: false,
  };
}

function repoUrl(urls: Urls, repo: RepoName): string {
  return `${urls.api}/repos/${repo.owner}/${repo.name}`;
}

/** One object that satisfies `repository`, `full-repository` and `minimal-repository`. */
export function repository(
  urls: Urls,
  repo: RepoName,
  defaultBranch: string,
): Schemas['full-repository'] & Schemas['repository'] {
  const url = repoUrl(urls, repo);
  const htmlUrl = `${HTML_BASE}/${repo.owner}/${repo.name}`;
  const id = Number.parseInt(createStableNumber(`${repo.owner}/${repo.name}`.toLowerCase()), 10);
  return {
    id,
    node_id: nodeId('Repository', id),
    name: repo.name,
    full_name: `${repo.owner}/${repo.name}`,
    owner: actor(urls, repo.owner, id + 1),
    private: true,
    html_url: htmlUrl,
    description: null,
    fork: false,
    url,
    archive_url: `${url}/{archive_format}{/ref}`,
    assignees_url: `${url}/assignees{/user}`,
    blobs_url: `${url}/git/blobs{/sha}`,
    branches_url: `${url}/branches{/branch}`,
    collaborators_url: `${url}/collaborators{/collaborator}`,
    comments_url: `${url}/comments{/number}`,
    commits_url: `${url}/commits{/sha}`,
    compare_url: `${url}/compare/{base}...{head}`,
    contents_url: `${url}/contents/{+path}`,
    contributors_url: `${url}/contributors`,
    deployments_url: `${url}/deployments`,
    downloads_url: `${url}/downloads`,
    events_url: `${url}/events`,
    forks_url: `${url}/forks`,
    git_commits_url: `${url}/git/commits{/sha}`,
    git_refs_url: `${url}/git/refs{/sha}`,
    git_tags_url: `${url}/git/tags{/sha}`,
    git_url: `git://github.com/${repo.owner}/${repo.name}.git`,
    issue_comment_url: `${url}/issues/comments{/number}`,
    issue_events_url: `${url}/issues/events{/number}`,
    issues_url: `${url}/issues{/number}`,
    keys_url: `${url}/keys{/key_id}`,
    labels_url: `${url}/labels{/name}`,
    languages_url: `${url}/languages`,
    merges_url: `${url}/merges`,
    milestones_url: `${url}/milestones{/number}`,
    notifications_url: `${url}/notifications{?since,all,participating}`,
    pulls_url: `${url}/pulls{/number}`,
    releases_url: `${url}/releases{/id}`,
    ssh_url: `git@github.com:${repo.owner}/${repo.name}.git`,
    stargazers_url: `${url}/stargazers`,
    statuses_url: `${url}/statuses/{sha}`,
    subscribers_url: `${url}/subscribers`,
    subscription_url: `${url}/subscription`,
    tags_url: `${url}/tags`,
    teams_url: `${url}/teams`,
    trees_url: `${url}/git/trees{/sha}`,
    clone_url: `${htmlUrl}.git`,
    mirror_url: null,
    hooks_url: `${url}/hooks`,
    svn_url: htmlUrl,
    homepage: null,
    language: 'TypeScript',
    forks_count: 0,
    forks: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 0,
    default_branch: defaultBranch,
    open_issues_count: 0,
    open_issues: 0,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: true,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: 'private',
    pushed_at: EPOCH,
    created_at: EPOCH,
    updated_at: EPOCH,
    license: null,
    network_count: 0,
    subscribers_count: 0,
  };
}

/** A deterministic positive id derived from a name, so a repository keeps its id across calls. */
function createStableNumber(text: string): string {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) % 900_000_000;
  return String(100_000_000 + hash);
}

export function deployment(urls: Urls, record: DeploymentRecord): WithNumberId<Schemas['deployment']> {
  const url = `${repoUrl(urls, record.repo)}/deployments/${record.id}`;
  return {
    url,
    id: record.id,
    node_id: nodeId('Deployment', record.id),
    sha: record.sha,
    ref: record.ref,
    task: record.task,
    payload: record.payload,
    original_environment: record.originalEnvironment,
    environment: record.environment,
    description: record.description,
    creator: actor(urls),
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    statuses_url: `${url}/statuses`,
    repository_url: repoUrl(urls, record.repo),
    transient_environment: record.transientEnvironment,
    production_environment: record.productionEnvironment,
    performed_via_github_app: null,
  };
}

export function deploymentStatus(
  urls: Urls,
  deploymentRecord: DeploymentRecord,
  record: DeploymentStatusRecord,
): WithNumberId<Schemas['deployment-status']> {
  const deploymentUrl = `${repoUrl(urls, deploymentRecord.repo)}/deployments/${deploymentRecord.id}`;
  return {
    url: `${deploymentUrl}/statuses/${record.id}`,
    id: record.id,
    node_id: nodeId('DeploymentStatus', record.id),
    state: record.state,
    creator: actor(urls),
    description: record.description,
    environment: record.environment,
    // GitHub keeps the deprecated target_url equal to log_url.
    target_url: record.logUrl,
    log_url: record.logUrl,
    environment_url: record.environmentUrl,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    deployment_url: deploymentUrl,
    repository_url: repoUrl(urls, deploymentRecord.repo),
    performed_via_github_app: null,
  };
}

export function commitStatus(urls: Urls, record: CommitStatusRecord): WithNumberId<Schemas['status']> {
  const creator = actor(urls);
  return {
    url: `${repoUrl(urls, record.repo)}/statuses/${record.sha}`,
    avatar_url: creator.avatar_url,
    id: record.id,
    node_id: nodeId('StatusContext', record.id),
    state: record.state,
    description: record.description,
    target_url: record.targetUrl,
    context: record.context,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    creator,
  };
}

export function combinedStatus(
  urls: Urls,
  repo: RepoName,
  defaultBranch: string,
  sha: string,
  latest: readonly CommitStatusRecord[],
  page: readonly CommitStatusRecord[],
): Schemas['combined-commit-status'] {
  return {
    state: combinedState(latestPerContext(latest)),
    statuses: page.map((record) => ({ ...commitStatus(urls, record), required: false })),
    sha,
    total_count: latest.length,
    // minimal-repository types `license` more narrowly; null satisfies both.
    repository: { ...repository(urls, repo, defaultBranch), license: null },
    commit_url: `${repoUrl(urls, repo)}/commits/${sha}`,
    url: `${repoUrl(urls, repo)}/commits/${sha}/status`,
  };
}

function gitUser(identity: GitIdentity): { name: string; email: string; date: string } {
  return { name: identity.name, email: identity.email, date: identity.date };
}

const UNSIGNED: Schemas['verification'] = {
  verified: false,
  reason: 'unsigned',
  signature: null,
  payload: null,
  verified_at: null,
};

/** `GET /repos/{owner}/{repo}/commits/{ref}`: the REST commit, wrapping the git commit. */
export function commit(urls: Urls, repo: RepoName, record: CommitRecord): Schemas['commit'] {
  const url = `${repoUrl(urls, repo)}/commits/${record.sha}`;
  const htmlUrl = `${HTML_BASE}/${repo.owner}/${repo.name}/commit/${record.sha}`;
  return {
    url,
    sha: record.sha,
    node_id: nodeId('Commit', record.sha),
    html_url: htmlUrl,
    comments_url: `${url}/comments`,
    commit: {
      url: `${repoUrl(urls, repo)}/git/commits/${record.sha}`,
      author: gitUser(record.author),
      committer: gitUser(record.committer),
      message: record.message,
      comment_count: 0,
      tree: { sha: record.tree, url: `${repoUrl(urls, repo)}/git/trees/${record.tree}` },
      verification: UNSIGNED,
    },
    // Commits made by the git CLI are not linked to a GitHub account.
    author: null,
    committer: null,
    parents: record.parents.map((sha) => ({
      sha,
      url: `${repoUrl(urls, repo)}/commits/${sha}`,
      html_url: `${HTML_BASE}/${repo.owner}/${repo.name}/commit/${sha}`,
    })),
    stats: { additions: 0, deletions: 0, total: 0 },
    files: [],
  };
}

/** `GET /repos/{owner}/{repo}/git/commits/{sha}`: the raw git object. */
export function gitCommit(urls: Urls, repo: RepoName, record: CommitRecord): Schemas['git-commit'] {
  return {
    sha: record.sha,
    node_id: nodeId('Commit', record.sha),
    url: `${repoUrl(urls, repo)}/git/commits/${record.sha}`,
    html_url: `${HTML_BASE}/${repo.owner}/${repo.name}/commit/${record.sha}`,
    author: gitUser(record.author),
    committer: gitUser(record.committer),
    message: record.message,
    tree: { sha: record.tree, url: `${repoUrl(urls, repo)}/git/trees/${record.tree}` },
    parents: record.parents.map((sha) => ({
      sha,
      url: `${repoUrl(urls, repo)}/git/commits/${sha}`,
      html_url: `${HTML_BASE}/${repo.owner}/${repo.name}/commit/${sha}`,
    })),
    verification: UNSIGNED,
  };
}

export function pull(urls: Urls, record: PullRecord, defaultBranch: string): Schemas['pull-request'] {
  const repo = record.repo;
  const url = `${repoUrl(urls, repo)}/pulls/${record.number}`;
  const htmlUrl = `${HTML_BASE}/${repo.owner}/${repo.name}/pull/${record.number}`;
  const issueUrl = `${repoUrl(urls, repo)}/issues/${record.number}`;
  const owner = actor(urls, repo.owner);
  const branch = (ref: string, sha: string) => ({
    label: `${repo.owner}:${ref}`,
    ref,
    sha,
    user: owner,
    repo: repository(urls, repo, defaultBranch),
  });
  const mergedAt = record.merged ? record.updatedAt : null;
  return {
    url,
    id: record.number + 1_000_000,
    node_id: nodeId('PullRequest', record.number),
    html_url: htmlUrl,
    diff_url: `${htmlUrl}.diff`,
    patch_url: `${htmlUrl}.patch`,
    issue_url: issueUrl,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${repoUrl(urls, repo)}/pulls/comments{/number}`,
    comments_url: `${issueUrl}/comments`,
    statuses_url: `${repoUrl(urls, repo)}/statuses/${record.headSha}`,
    number: record.number,
    state: record.state,
    locked: false,
    title: record.title,
    user: actor(urls, 'octocat', 583231),
    body: record.body,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    closed_at: record.state === 'closed' ? record.updatedAt : null,
    merged_at: mergedAt,
    merge_commit_sha: record.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: branch(record.headRef, record.headSha),
    base: branch(record.baseRef, record.baseSha),
    _links: {
      self: { href: url },
      html: { href: htmlUrl },
      issue: { href: issueUrl },
      comments: { href: `${issueUrl}/comments` },
      review_comments: { href: `${url}/comments` },
      review_comment: { href: `${repoUrl(urls, repo)}/pulls/comments{/number}` },
      commits: { href: `${url}/commits` },
      statuses: { href: `${repoUrl(urls, repo)}/statuses/${record.headSha}` },
    },
    author_association: 'OWNER',
    auto_merge: null,
    draft: record.draft,
    merged: record.merged,
    mergeable: record.state === 'open' ? true : null,
    rebaseable: record.state === 'open' ? true : null,
    mergeable_state: record.state === 'open' ? 'clean' : 'unknown',
    merged_by: record.merged ? owner : null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions: 0,
    deletions: 0,
    changed_files: 0,
  };
}
