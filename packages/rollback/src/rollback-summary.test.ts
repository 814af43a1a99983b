import { readRunContext } from '@shipgate/core';
import type { Deployment } from '@shipgate/records';
import { describe, expect, it } from 'vitest';
import { headerRows, links, row } from '../../../test/helpers/summary-html';
import type { RollbackPlan, RollbackResult } from './rollback';
import { rollbackSummary } from './rollback-summary';
import type { RollbackSelection } from './target';

const bad = 'c'.repeat(40);
const good = 'd'.repeat(40);
const onGitHub = readRunContext({ GITHUB_SERVER_URL: 'https://github.example', GITHUB_REPOSITORY: 'acme/app', GITHUB_ACTIONS: 'true' });
const githubRecords = { backend: 'github', location: 'https://github.example/acme/app/deployments' } as const;
const localRecords = { backend: 'local', location: '.shipgate/records.json' } as const;

const from: Deployment = {
  id: 50,
  sha: bad,
  ref: 'main',
  environment: 'production',
  createdAt: '2026-11-30T10:00:00Z',
  payload: { shipgate: { kind: 'deploy', version: 'v3' } },
  productionEnvironment: true,
  transientEnvironment: false,
};
const selection: RollbackSelection = {
  environment: 'production',
  from,
  target: { sha: good, version: 'v2 <b>', deploymentId: 49 },
  openCanaries: [],
  why: 'the last successful deployment before #50',
  warnings: [],
};
const plan: RollbackPlan = { command: ['./deploy.sh', '{sha}'], steps: [0], healthTimeoutMs: 60_000, commandTimeoutMs: 600_000, reason: 'error rate <script>', actor: 'octocat' };
const result: RollbackResult = { status: 'success', deploymentId: 51, durationMs: 9000, reason: 'restored v2', ran: ['redeploy command'], quarantined: [50] };

describe('rollback job summary', () => {
  it('opens its table with a header row that names what it shows', () => {
    expect(headerRows(rollbackSummary(selection, plan, result, githubRecords, onGitHub))).toEqual([['What', 'This rollback']]);
  });

  it("on GitHub, links both commits to their pages and each deployment to the environment's page", () => {
    const summary = rollbackSummary(selection, plan, result, githubRecords, onGitHub);
    const environmentPage = 'https://github.example/acme/app/deployments/production';
    expect(links(summary)).toEqual([
      { text: 'Rollback deployment #51', href: environmentPage },
      { text: bad, href: `https://github.example/acme/app/commit/${bad}` },
      { text: 'Deployment #50', href: environmentPage },
      { text: good, href: `https://github.example/acme/app/commit/${good}` },
      { text: 'Deployment #49', href: environmentPage },
    ]);
    expect(row(summary, 'Rolled back to')).toEqual(['Rolled back to', `${good} v2 <b> (Deployment #49)`]);
  });

  it('with the local records file, shows plain text', () => {
    const summary = rollbackSummary(selection, plan, result, localRecords, onGitHub);
    expect(links(summary)).toEqual([]);
    expect(row(summary, 'Recorded as')).toEqual(['Recorded as', 'Rollback deployment #51 in .shipgate/records.json']);
    expect(row(summary, 'Rolled back from')).toEqual(['Rolled back from', `${bad} (Deployment #50 in .shipgate/records.json)`]);
  });

  it('escapes the version and the reason', () => {
    const summary = rollbackSummary(selection, plan, result, githubRecords, onGitHub);
    expect(summary).not.toContain('<script>');
    expect(summary).not.toContain('v2 <b>');
    expect(row(summary, 'Reason')).toEqual(['Reason', 'error rate <script>']);
  });
});
