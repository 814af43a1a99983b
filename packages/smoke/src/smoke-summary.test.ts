import { readRunContext } from '@shipgate/core';
import type { DeploymentRecords } from '@shipgate/records';
import { describe, expect, it } from 'vitest';
import { headerRows, links, text } from '../../../test/helpers/summary-html';
import { smokeSummary } from './smoke-summary';
import type { SmokeOutcome } from './smoke-test';

const sha = '9'.repeat(40);
const onGitHub = readRunContext({ GITHUB_SERVER_URL: 'https://github.example', GITHUB_REPOSITORY: 'acme/app', GITHUB_ACTIONS: 'true' });
const githubRecords = { backend: 'github', location: 'https://github.example/acme/app/deployments' } as DeploymentRecords;
const localRecords = { backend: 'local', location: '.shipgate/records.json' } as DeploymentRecords;

const outcome: Extract<SmokeOutcome, { kind: 'ran' }> = {
  kind: 'ran',
  sha,
  reportPath: '/runner/_temp/shipgate-smoke-<staging>.json',
  records: githubRecords,
  plan: { environment: 'staging', baseUrl: 'https://staging.example', urlSource: 'input', checks: [], thresholds: [], waitTimeoutMs: 60_000, requestTimeoutMs: 10_000 },
  result: {
    passed: true,
    cancelled: false,
    readiness: { ok: true, detail: 'HTTP 200', attempts: 1, elapsedMs: 20 },
    checks: [{ name: 'health <b>', method: 'GET', url: 'https://staging.example/health', passed: true, status: 200, latencyMs: 12, failures: [] }],
    skipped: [],
    thresholds: [],
    durationMs: 40,
  },
  commitStatus: { context: 'shipgate/smoke-test (staging)', state: 'success', description: 'all 1 checks passed' },
};

describe('smoke-test job summary', () => {
  it('opens its table of checks with a header row', () => {
    expect(headerRows(smokeSummary(outcome, onGitHub))).toEqual([['Check', 'Status', 'Latency', 'Verdict']]);
  });

  it('says where the JSON report is and that the report output names it', () => {
    expect(text(smokeSummary(outcome, onGitHub))).toContain("Report (JSON, every check and the load figures): /runner/_temp/shipgate-smoke-<staging>.json — the `report` output");
    expect(smokeSummary(outcome, onGitHub)).not.toContain('<staging>');
  });

  it('on GitHub, links the commit the status was recorded on; with the local records file it is plain text', () => {
    expect(links(smokeSummary(outcome, onGitHub))).toContainEqual({ text: sha, href: `https://github.example/acme/app/commit/${sha}` });
    const local = smokeSummary({ ...outcome, records: localRecords }, onGitHub);
    expect(links(local).map((l) => l.href)).toEqual(['https://staging.example']);
    expect(text(local)).toContain(`Recorded commit status shipgate/smoke-test (staging) on ${sha}: success`);
  });
});
