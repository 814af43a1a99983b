import { ShipgateError, requireRepository, type RunContext } from '@shipgate/core';
import { LocalRecords } from './local-records';
import type { DeploymentRecords } from './types';

export interface OpenRecordsOptions {
  /** `auto`: GitHub when a token and repository are known, else the local file. */
  backend: 'github' | 'local' | 'auto';
  token?: string;
  context: RunContext;
  /** The local backend's file. */
  file?: string;
  warn: (message: string) => void;
}

export const DEFAULT_RECORDS_FILE = '.shipgate/records.json';

/**
 * Opens the record backend. The GitHub client (Octokit and its plugins, most of a bundle's
 * size) is loaded only when it is used, so input errors and local runs start fast.
 */
export async function openRecords(options: OpenRecordsOptions): Promise<DeploymentRecords> {
  const useGitHub = options.backend === 'github' || (options.backend === 'auto' && Boolean(options.token && options.context.owner));
  if (!useGitHub) return new LocalRecords(options.file ?? DEFAULT_RECORDS_FILE);
  if (!options.token) throw new ShipgateError('is empty; the GitHub record backend needs a token with deployments: write', 'github-token');
  const { owner, repo } = requireRepository(options.context);
  const [{ createGitHubClient }, { GitHubRecords }] = await Promise.all([
    import('@shipgate/core/github-client'),
    import('./github-records'),
  ]);
  const octokit = createGitHubClient({ token: options.token, baseUrl: options.context.apiUrl, warn: options.warn });
  return new GitHubRecords(octokit, owner, repo, options.context.serverUrl);
}
