import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { NewCommitStatus } from '@shipgate/records';
import type { SmokeResult } from './run-smoke';
import type { SmokePlan } from './smoke-plan';

/** The JSON report (`report` output): everything a later step or a person needs, no header values. */
export interface SmokeReport {
  tool: 'shipgate smoke-test';
  environment: string;
  url: string;
  urlSource: string;
  sha: string;
  passed: boolean;
  cancelled: boolean;
  durationMs: number;
  readiness: SmokeResult['readiness'] & { waitTimeoutMs: number };
  checks: (SmokeResult['checks'][number] & { expected: string })[];
  skipped: string[];
  load: (NonNullable<SmokeResult['load']> & { url: string; concurrency: number }) | null;
  thresholds: SmokeResult['thresholds'];
  commitStatus: NewCommitStatus | null;
}

export function buildReport(plan: SmokePlan, result: SmokeResult, sha: string, commitStatus: NewCommitStatus | undefined): SmokeReport {
  return {
    tool: 'shipgate smoke-test',
    environment: plan.environment,
    url: plan.baseUrl,
    urlSource: plan.urlSource,
    sha,
    passed: result.passed,
    cancelled: result.cancelled,
    durationMs: result.durationMs,
    readiness: { ...result.readiness, waitTimeoutMs: plan.waitTimeoutMs },
    checks: result.checks.map((check, index) => ({ ...check, expected: JSON.stringify(plan.checks[index]?.expect ?? {}) })),
    skipped: result.skipped,
    load: result.load && plan.load ? { ...result.load, url: plan.load.url, concurrency: plan.load.concurrency } : null,
    thresholds: result.thresholds,
    commitStatus: commitStatus ?? null,
  };
}

/** Where the report goes when the `report` input is empty. */
export function defaultReportPath(environment: string, tempDir: string): string {
  return join(tempDir, `shipgate-smoke-test-${environment.replace(/[^\w.-]+/g, '_')}.json`);
}

/**
 * Writes the report with every string value passed through `redact`, so a secret echoed by the
 * server never lands in the file. Values, not the serialised text: a header value such as
 * `true` or `2` must not turn the JSON's own `true` or numbers into `***`.
 */
export function writeReport(path: string, report: SmokeReport, redact: (text: string) => string): void {
  mkdirSync(dirname(path), { recursive: true });
  const redactStrings = (_key: string, value: unknown) => (typeof value === 'string' ? redact(value) : value);
  writeFileSync(path, `${JSON.stringify(report, redactStrings, 2)}\n`);
}
