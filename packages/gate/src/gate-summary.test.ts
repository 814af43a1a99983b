import { readRunContext } from '@shipgate/core';
import { describe, expect, it } from 'vitest';
import { headerRows, links, row } from '../../../test/helpers/summary-html';
import { gateSummary } from './gate-summary';
import type { GatePolicy, GateVerdict } from './types';

const promoted = 'e'.repeat(40);
const staged = 'f'.repeat(40);
const onGitHub = readRunContext({ GITHUB_SERVER_URL: 'https://github.example', GITHUB_REPOSITORY: 'acme/app', GITHUB_ACTIONS: 'true' });
const githubRecords = { backend: 'github', location: 'https://github.example/acme/app/deployments' } as const;
const localRecords = { backend: 'local', location: '.shipgate/records.json' } as const;

const policy: GatePolicy = {
  ref: 'main',
  sourceEnvironment: 'staging',
  targetEnvironment: 'production',
  match: 'tree',
  allowedSources: ['develop'],
  requiredContexts: ['shipgate/smoke-test (staging)'],
  minSoakMs: 0,
  allowRolledBack: false,
};
const verdict: GateVerdict = {
  validated: true,
  commit: { sha: promoted, tree: '1'.repeat(40), parents: [staged] },
  staging: {
    deployment: { id: 7, sha: staged, ref: 'develop', environment: 'staging', createdAt: '2026-11-30T09:00:00Z', payload: {}, productionEnvironment: false, transientEnvironment: false },
    matchedBy: 'parent',
    tree: '1'.repeat(40),
  },
  reason: 'the same tree passed staging <img src=x>',
  checks: [
    { name: 'staging-match', passed: true, detail: 'deployment #7 has the same tree', evidence: [{ label: 'Run', text: 'log', href: 'https://github.example/acme/app/actions/runs/1' }] },
    { name: 'min-soak', passed: false, detail: 'soaked 1m of 10m', evidence: [] },
  ],
};

describe('staging-gate-check job summary', () => {
  it('opens both tables with header rows that name their columns', () => {
    expect(headerRows(gateSummary(verdict, policy, githubRecords, onGitHub))).toEqual([
      ['Passed', 'Check', 'Result', 'Evidence'],
      ['What', 'The gate found'],
    ]);
  });

  it("on GitHub, links the commits to their pages and the staging deployment to the staging environment's page", () => {
    const summary = gateSummary(verdict, policy, githubRecords, onGitHub);
    const staging = 'https://github.example/acme/app/deployments/staging';
    expect(links(summary)).toEqual([
      { text: 'log', href: 'https://github.example/acme/app/actions/runs/1' },
      { text: promoted, href: `https://github.example/acme/app/commit/${promoted}` },
      { text: staged, href: `https://github.example/acme/app/commit/${staged}` },
      { text: 'Deployment #7', href: staging },
      { text: 'staging', href: staging },
      { text: 'https://github.example/acme/app/deployments', href: 'https://github.example/acme/app/deployments' },
    ]);
  });

  it('a refused gate shows the examined deployment, linked, as not validated', () => {
    const summary = gateSummary({ ...verdict, validated: false }, policy, githubRecords, onGitHub);
    expect(row(summary, 'Deployment examined (not validated)')).toEqual(['Deployment examined (not validated)', `Deployment #7 of ${staged}`]);
    expect(row(summary, 'Validated sha')).toBeUndefined();
  });

  it('with the local records file, shows plain text; the reason stays escaped', () => {
    const summary = gateSummary(verdict, policy, localRecords, onGitHub);
    expect(links(summary)).toEqual([{ text: 'log', href: 'https://github.example/acme/app/actions/runs/1' }]);
    expect(row(summary, 'Staging deployment')).toEqual(['Staging deployment', 'Deployment #7 in .shipgate/records.json']);
    expect(summary).not.toContain('<img');
    expect(summary).toContain('the same tree passed staging &lt;img src=x&gt;');
  });
});
