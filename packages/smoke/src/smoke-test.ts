import type { DeploymentRecords, NewCommitStatus } from '@shipgate/records';
import { smokeCommitStatus, smokeContext } from './commit-status';
import { runSmoke, type SmokeResult } from './run-smoke';
import { planSmoke, resolveBaseUrl, type SmokePlan, type SmokeSettings } from './smoke-plan';
import { buildReport, prepareReport, writeReport } from './smoke-report';
import { dryRunPlan } from './smoke-summary';

export interface SmokeRequest extends SmokeSettings {
  /** Commit the result is recorded on (full sha, or a ref resolved through the records). */
  sha: string;
  record: boolean;
  /** Relative paths are taken from the first of reportRoots (the workspace). */
  reportPath: string;
  /** Where a report may be written: the workspace and the runner's temp directory. */
  reportRoots: readonly string[];
  /** The run's log, linked from the commit status. */
  logUrl?: string;
  dryRun: boolean;
}

export interface SmokeDeps {
  /** Opened only when needed: for `url` when it is not given, and to record. */
  records: () => Promise<DeploymentRecords>;
  info(message: string): void;
  signal: AbortSignal;
  /** Masks secret header values in everything shipgate writes itself. */
  redact(text: string): string;
}

export type SmokeOutcome =
  | { kind: 'dry-run'; plan: SmokePlan; lines: string[] }
  | { kind: 'ran'; plan: SmokePlan; result: SmokeResult; commitStatus?: NewCommitStatus; sha: string; reportPath: string; records?: DeploymentRecords };

/**
 * The smoke-test action's flow: resolve the URL and plan (every input mistake surfaces here,
 * before anything is sent or recorded) → run → record the commit status → write the report.
 */
export async function smokeTest(request: SmokeRequest, deps: SmokeDeps): Promise<SmokeOutcome> {
  // First: a report that cannot be written must fail the step before a status says `success`.
  const report = prepareReport(request.reportPath, request.reportRoots, request.dryRun);
  let opened: Promise<DeploymentRecords> | undefined;
  const records = () => (opened ??= deps.records());
  const plan = planSmoke(request, await resolveBaseUrl(request, records));
  const sha = request.record && !/^[0-9a-f]{40}$/i.test(request.sha) ? (await (await records()).resolveCommit(request.sha)).sha : request.sha;
  if (request.dryRun) {
    return { kind: 'dry-run', plan, lines: dryRunPlan(plan, request.record ? { sha, context: smokeContext(request.environment) } : undefined) };
  }
  const result = await runSmoke(plan, { info: deps.info, signal: deps.signal });
  let commitStatus: NewCommitStatus | undefined;
  if (request.record) {
    const status = smokeCommitStatus(request.environment, result, plan.waitTimeoutMs, request.logUrl);
    commitStatus = { ...status, description: deps.redact(status.description) };
    await (await records()).setCommitStatus(sha, commitStatus);
    deps.info(`Recorded ${commitStatus.context}: ${commitStatus.state} on ${sha.slice(0, 7)}`);
  }
  writeReport(report, buildReport(plan, result, sha, commitStatus), deps.redact);
  return { kind: 'ran', plan, result, commitStatus, sha, reportPath: report.path, records: opened && (await opened) };
}

/** The action's outputs (CONTRACT.md); load figures are empty when there was no burst. */
export function smokeOutputs(outcome: Extract<SmokeOutcome, { kind: 'ran' }>): Record<string, string> {
  const { result } = outcome;
  const names = (passed: boolean) => result.checks.filter((c) => c.passed === passed).map((c) => c.name);
  const ms = (value: number | undefined) => (value === undefined ? '' : String(Math.round(value * 100) / 100));
  const latency = result.load?.latency;
  return {
    passed: String(result.passed),
    'checks-passed': names(true).join(','),
    'checks-failed': [...names(false), ...result.skipped].join(','),
    requests: String(result.load?.requests ?? 0),
    'error-rate': result.load ? String(result.load.errorRate) : '',
    'p50-ms': ms(latency?.p50Ms),
    'p95-ms': ms(latency?.p95Ms),
    'p99-ms': ms(latency?.p99Ms),
    report: outcome.reportPath,
  };
}
