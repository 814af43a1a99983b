import { commitCell, escapeHtml, escapeMarkdownInline, formatDuration, formatPercentage, htmlTable, link, readRunContext, summaryLinks, type Cell, type RunContext } from '@shipgate/core';
import { describeStatus, formatLatency } from '@shipgate/probe';
import type { SmokePlan } from './smoke-plan';
import type { SmokeOutcome } from './smoke-test';

/**
 * The job summary: verdict, a table of checks, the load figures and thresholds, what was
 * recorded on which commit (linked on GitHub), and where the JSON report is.
 */
export function smokeSummary(outcome: Extract<SmokeOutcome, { kind: 'ran' }>, context: RunContext = readRunContext()): string {
  const { plan, result, commitStatus } = outcome;
  const icon = result.passed ? '✅' : result.cancelled ? '⚠️' : '❌';
  const verdict = result.passed ? 'passed' : result.cancelled ? 'cancelled' : 'failed';
  const parts = [`### ${icon} shipgate smoke test of ${escapeMarkdownInline(plan.environment)} ${verdict}\n`];
  parts.push(
    `Target ${link(plan.baseUrl, plan.baseUrl).html} (${escapeHtml(plan.urlSource)}); ` +
      (result.readiness.ok
        ? `ready after ${result.readiness.attempts} attempt(s), ${formatDuration(result.readiness.elapsedMs)}.\n`
        : `<b>not ready</b> within ${formatDuration(plan.waitTimeoutMs)} (${result.readiness.attempts} attempt(s)): ${escapeMarkdownInline(result.readiness.detail)}.\n`),
  );
  const rows: Cell[][] = result.checks.map((check) => [
    check.name,
    check.status === undefined ? 'no answer' : String(check.status),
    check.latencyMs === undefined ? '—' : formatLatency(check.latencyMs),
    check.passed ? '✅ passed' : `❌ ${check.failures.join('; ')}`,
  ]);
  for (const name of result.skipped) rows.push([name, '—', '—', '⏭️ skipped (not ready)']);
  parts.push(htmlTable(['Check', 'Status', 'Latency', 'Verdict'], rows));
  if (result.load && plan.load) {
    const { load } = result;
    const latency = load.latency;
    const ms = (value: number | undefined) => (value === undefined ? '—' : formatLatency(value));
    parts.push(
      `\n**Load burst**: ${escapeHtml(plan.load.method ?? 'GET')} ${escapeMarkdownInline(plan.load.url)}, ${plan.load.concurrency} concurrent\n\n` +
        htmlTable(
          ['Requests', 'Errors', 'Duration', 'Throughput', 'p50', 'p95', 'p99', 'avg', 'max'],
          [
            [
              String(load.requests),
              `${load.errors} (${formatPercentage(load.errorRate)})`,
              formatDuration(load.durationMs),
              `${load.requestsPerSecond.toFixed(0)}/s`,
              ms(latency?.p50Ms),
              ms(latency?.p95Ms),
              ms(latency?.p99Ms),
              ms(latency?.avgMs),
              ms(latency?.maxMs),
            ],
          ],
        ),
    );
  }
  if (result.thresholds.length > 0) {
    parts.push(`\n${htmlTable(['Threshold', 'Actual', 'Verdict'], result.thresholds.map((t) => [t.expression, t.actual, t.passed ? '✅ passed' : '❌ failed']))}`);
  }
  // The commit status was recorded through the records, so they are open whenever it is shown.
  const commit = outcome.records ? commitCell(outcome.sha, summaryLinks(outcome.records, context)) : { html: `<code>${escapeHtml(outcome.sha)}</code>` };
  parts.push(
    commitStatus
      ? `\nRecorded commit status <code>${escapeHtml(commitStatus.context)}</code> on ${commit.html}: <b>${commitStatus.state}</b> — ${escapeMarkdownInline(commitStatus.description)}\n`
      : '\nNo commit status recorded (record: false).\n',
  );
  parts.push(`\nReport (JSON, every check and the load figures): <code>${escapeHtml(outcome.reportPath)}</code> — the \`report\` output; upload it with \`actions/upload-artifact\` to keep it.\n`);
  return parts.join('');
}

/** What a dry run would do, for the log and the summary. Sends nothing. */
export function dryRunPlan(plan: SmokePlan, record: { sha: string; context: string } | undefined): string[] {
  const lines = [`Target ${plan.baseUrl} (${plan.urlSource})`];
  lines.push(`Would wait up to ${formatDuration(plan.waitTimeoutMs)} for the first check to pass, ${formatDuration(plan.requestTimeoutMs)} per request`);
  for (const check of plan.checks) {
    const latency = check.expect.maxLatencyMs === undefined ? '' : ` within ${formatDuration(check.expect.maxLatencyMs)}`;
    lines.push(`Would check '${check.name}': ${check.method} ${check.url} expecting ${describeStatus(check.expect.status)}${latency}`);
  }
  lines.push(
    plan.load
      ? `Would send ${plan.load.requests} requests to ${plan.load.method ?? 'GET'} ${plan.load.url}, ${plan.load.concurrency} at a time`
      : 'No load burst (load-requests is 0)',
  );
  if (plan.thresholds.length > 0) lines.push(`Thresholds: ${plan.thresholds.map((t) => t.expression).join(', ')}`);
  lines.push(record ? `Would record commit status '${record.context}' on ${record.sha}` : 'Would record nothing (record: false)');
  return lines;
}
