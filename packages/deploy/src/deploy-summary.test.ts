import { readRunContext } from '@shipgate/core';
import { describe, expect, it } from 'vitest';
import { headerRows, links, row, text } from '../../../test/helpers/summary-html';
import type { DeployPlan, DeployResult } from './deploy';
import { deploySummary } from './deploy-summary';

const sha = 'a'.repeat(40);
const previousSha = 'b'.repeat(40);
const onGitHub = readRunContext({ GITHUB_SERVER_URL: 'https://github.example', GITHUB_REPOSITORY: 'acme/app', GITHUB_ACTIONS: 'true' });
const githubRecords = { backend: 'github', location: 'https://github.example/acme/app/deployments' } as const;
const localRecords = { backend: 'local', location: '/work/app/.shipgate/records.json' } as const;

const plan: DeployPlan = {
  environment: 'staging/eu',
  ref: 'develop',
  command: ['./deploy.sh', '{sha}'],
  healthTimeoutMs: 60_000,
  commandTimeoutMs: 600_000,
  production: false,
  transient: false,
};
const result: DeployResult = {
  status: 'failure',
  deploymentId: 42,
  sha,
  version: 'v1.2.3 <img src=x onerror=alert(1)>',
  url: 'https://app.example',
  previousSha,
  previousDeploymentId: 41,
  durationMs: 12_000,
  reason: 'command exited with code 3 </td></table># HEADING',
  argv: ['./deploy.sh', sha],
};

describe('deploy job summary', () => {
  it('opens its table with a header row that names what it shows', () => {
    expect(headerRows(deploySummary(plan, result, githubRecords, onGitHub))).toEqual([['What', 'This deploy']]);
  });

  it("on GitHub, links the commit to its page and 'Deployment #N' to the environment's page", () => {
    const summary = deploySummary(plan, result, githubRecords, onGitHub);
    expect(links(summary)).toEqual([
      { text: 'Deployment #42', href: 'https://github.example/acme/app/deployments/staging%2Feu' },
      { text: sha, href: `https://github.example/acme/app/commit/${sha}` },
      { text: 'https://app.example', href: 'https://app.example' },
      { text: 'bbbbbbb', href: `https://github.example/acme/app/commit/${previousSha}` },
      { text: 'Deployment #41', href: 'https://github.example/acme/app/deployments/staging%2Feu' },
    ]);
    expect(row(summary, 'Previous good deployment')).toEqual(['Previous good deployment', 'bbbbbbb (Deployment #41)']);
  });

  it('with the local records file, shows plain text and says which file holds the deployment', () => {
    const summary = deploySummary(plan, { ...result, url: undefined }, localRecords, onGitHub);
    expect(links(summary)).toEqual([]);
    expect(row(summary, 'Recorded as')).toEqual(['Recorded as', 'Deployment #42 in /work/app/.shipgate/records.json']);
    expect(row(summary, 'Commit')).toEqual(['Commit', sha]);
  });

  it('escapes the version and reason, and keeps each row on one line', () => {
    const summary = deploySummary(plan, result, githubRecords, onGitHub);
    expect(summary).not.toContain('<img');
    expect(summary).not.toMatch(/^# HEADING/m);
    expect(text(summary)).toContain('v1.2.3 <img src=x onerror=alert(1)>');
    expect(row(summary, 'Result')).toEqual(['Result', '❌ failure: command exited with code 3 </td></table># HEADING']);
  });
});
