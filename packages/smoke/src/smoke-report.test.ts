import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRedactor } from './redact';
import { prepareReport, writeReport, type SmokeReport } from './smoke-report';

describe('writeReport', () => {
  it('masks secret values without breaking the JSON, even when a secret is "true" or a digit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipgate-report-'));
    const path = join(dir, 'report.json');
    const report = {
      tool: 'shipgate smoke-test',
      environment: 'staging',
      url: 'http://127.0.0.1:1',
      urlSource: 'input',
      sha: 'a'.repeat(40),
      passed: true,
      cancelled: false,
      durationMs: 2,
      skipped: ['server said Bearer s3cret-token'],
    } as unknown as SmokeReport;
    writeReport(prepareReport(path, [dir], false), report, createRedactor(['true', '2', 'Bearer s3cret-token']));
    const text = readFileSync(path, 'utf8');
    const parsed = JSON.parse(text);
    expect(parsed).toMatchObject({ passed: true, durationMs: 2, skipped: ['server said ***'] });
    expect(text).not.toContain('s3cret');
  });
});
