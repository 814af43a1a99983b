import { ShipgateError } from './errors';

/** What the Actions runner tells a step about its run, read from the environment it sets. */
export interface RunContext {
  owner?: string;
  repo?: string;
  serverUrl: string;
  apiUrl: string;
  runId?: string;
  runAttempt?: string;
  sha?: string;
  ref?: string;
  eventName?: string;
  eventPath?: string;
  actor?: string;
  workflow?: string;
  /** Link to this run's log, recorded as a deployment status's log_url. */
  runUrl?: string;
  /** True inside a GitHub Actions job. */
  inActions: boolean;
}

export function readRunContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  const runId = env.GITHUB_RUN_ID || undefined;
  const repository = owner && repo ? `${owner}/${repo}` : undefined;
  const attempt = env.GITHUB_RUN_ATTEMPT && env.GITHUB_RUN_ATTEMPT !== '1' ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : '';
  return {
    owner: owner || undefined,
    repo: repo || undefined,
    serverUrl,
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
    runId,
    runAttempt: env.GITHUB_RUN_ATTEMPT || undefined,
    sha: env.GITHUB_SHA || undefined,
    ref: env.GITHUB_REF || undefined,
    eventName: env.GITHUB_EVENT_NAME || undefined,
    eventPath: env.GITHUB_EVENT_PATH || undefined,
    actor: env.GITHUB_ACTOR || undefined,
    workflow: env.GITHUB_WORKFLOW || undefined,
    runUrl: repository && runId ? `${serverUrl}/${repository}/actions/runs/${runId}${attempt}` : undefined,
    inActions: env.GITHUB_ACTIONS === 'true',
  };
}

export function requireRepository(context: RunContext): { owner: string; repo: string } {
  if (!context.owner || !context.repo) {
    throw new ShipgateError('GITHUB_REPOSITORY is not set (expected owner/repo); the GitHub record backend needs it');
  }
  return { owner: context.owner, repo: context.repo };
}
