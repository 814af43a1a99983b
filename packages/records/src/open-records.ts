import { ShipgateError, readRunContext, requireRepository, type RunContext } from '@shipgate/core';
import { LocalRecords } from './local-records';
import type { DeploymentRecords } from './types';

export interface OpenRecordsOptions {
  /**
   * `auto`: GitHub inside Actions (a missing token is then an error, never a silent switch to
   * a file nobody will see) or wherever a token and repository are known; else the local file.
   */
  backend: 'github' | 'local' | 'auto';
  token?: string;
  context: RunContext;
  /** The local backend's file. */
  file?: string;
  warn: (message: string) => void;
  /** The job's cancellation: aborts GitHub calls in flight and stops their retries. */
  signal?: AbortSignal;
}

export const DEFAULT_RECORDS_FILE = '.shipgate/records.json';

/**
 * Opens the record backend. The GitHub client (Octokit and its plugins, most of a bundle's
 * size) is loaded only when it is used, so input errors and local runs start fast.
 */
export async function openRecords(options: OpenRecordsOptions): Promise<DeploymentRecords> {
  const useGitHub =
    options.backend === 'github' ||
    (options.backend === 'auto' && (options.context.inActions || Boolean(options.token && options.context.owner)));
  if (!useGitHub) return new LocalRecords(options.file ?? DEFAULT_RECORDS_FILE);
  if (!options.token) throw new ShipgateError('is empty; the GitHub record backend needs a token with deployments: write', 'github-token');
  const { owner, repo } = requireRepository(options.context);
  const [{ createGitHubClient }, { GitHubRecords }] = await Promise.all([
    import('@shipgate/core/github-client'),
    import('./github-records'),
  ]);
  const octokit = createGitHubClient({ token: options.token, baseUrl: options.context.apiUrl, warn: options.warn, signal: options.signal });
  return new GitHubRecords(octokit, owner, repo, options.context.serverUrl, options.signal);
}

/**
 * How every action opens its records: GitHub inside Actions; outside (the CLI, the demo) the
 * local file, which SHIPGATE_RECORDS_FILE may point elsewhere.
 */
export function openActionRecords(
  token: string,
  warn: (message: string) => void,
  { env = process.env, signal }: { env?: NodeJS.ProcessEnv; signal?: AbortSignal } = {},
): Promise<DeploymentRecords> {
  return openRecords({ backend: 'auto', token, context: readRunContext(env), warn, signal, file: env.SHIPGATE_RECORDS_FILE || undefined });
}
