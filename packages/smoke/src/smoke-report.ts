import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { prepareConfinedFile, type PreparedFile } from '@shipgate/core';
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

/**
 * Where the report goes when the `report` input is empty. A long environment name is cut and
 * given a short hash, so the file name stays within the file system's 255 bytes and unique.
 */
export function defaultReportPath(environment: string, tempDir: string): string {
  const safe = environment.replace(/[^\w.-]+/g, '_');
  const name = safe.length <= 100 ? safe : `${safe.slice(0, 80)}-${createHash('sha256').update(environment).digest('hex').slice(0, 12)}`;
  return join(tempDir, `shipgate-smoke-test-${name}.json`);
}

/**
 * Checks the `report` path before anything is sent or recorded: inside the workspace or the
 * runner's temp directory, not a directory, not a symbolic link, writable (unless `dryRun`).
 */
export function prepareReport(path: string, roots: readonly string[], dryRun: boolean): PreparedFile {
  return prepareConfinedFile('report', path, roots, { probe: !dryRun });
}

/**
 * Writes the report with every string value passed through `redact`, so a secret echoed by the
 * server never lands in the file. Values, not the serialised text: a header value such as
 * `true` or `2` must not turn the JSON's own `true` or numbers into `***`. Written to a new
 * file renamed over the destination, so a link planted there is replaced, never followed.
 */
export function writeReport(file: PreparedFile, report: SmokeReport, redact: (text: string) => string): void {
  const redactStrings = (_key: string, value: unknown) => (typeof value === 'string' ? redact(value) : value);
  file.write(`${JSON.stringify(report, redactStrings, 2)}\n`);
}
