import { tmpdir } from 'node:os';
import { ShipgateError, parseInputs, readRunContext, type ActionIO } from '@shipgate/core';
import { openActionRecords } from '@shipgate/records';
import { smokeTestInputs } from './inputs';

export async function main(io: ActionIO): Promise<void> {
  // An input error never repeats a header value, so masking right after parsing is early enough.
  const inputs = parseInputs(smokeTestInputs, io.input);
  const secrets = [inputs['github-token'], ...Object.values(inputs.headers)].filter(Boolean);
  for (const value of secrets) io.setSecret(value);
  // Loaded only once the inputs are valid, so a typo fails fast (bench/startup.mjs).
  const { createRedactor, defaultReportPath, loadChecks, smokeCommitStatus, smokeOutputs, smokeSummary, smokeTest } = await import('@shipgate/smoke');
  const redact = createRedactor(secrets);
  const context = readRunContext();
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  const checks = loadChecks(inputs.checks, workspace);

  const outcome = await smokeTest(
    {
      environment: inputs.environment,
      url: inputs.url,
      checks,
      waitTimeoutMs: inputs['wait-timeout'],
      requestTimeoutMs: inputs['request-timeout'],
      loadRequests: inputs['load-requests'],
      loadConcurrency: inputs['load-concurrency'],
      thresholds: inputs.thresholds,
      headers: inputs.headers,
      sha: inputs.sha,
      record: inputs.record,
      reportPath: inputs.report ?? defaultReportPath(inputs.environment, process.env.RUNNER_TEMP || tmpdir()),
      logUrl: context.runUrl,
      dryRun: inputs['dry-run'],
    },
    {
      records: () => openActionRecords(inputs['github-token'], io.warning, { signal: io.signal }),
      info: (message) => io.info(redact(message)),
      signal: io.signal,
      redact,
    },
  );

  if (outcome.kind === 'dry-run') {
    for (const line of outcome.lines) io.info(redact(`[dry-run] ${line}`));
    await io.appendSummary(redact(`### shipgate smoke test (dry run)\n\n${outcome.lines.map((l) => `- ${l}`).join('\n')}\n`));
    return;
  }
  for (const [name, value] of Object.entries(smokeOutputs(outcome))) io.setOutput(name, value);
  await io.appendSummary(redact(smokeSummary(outcome.plan, outcome.result, outcome.commitStatus)));
  if (!outcome.result.passed) {
    const why = smokeCommitStatus(inputs.environment, outcome.result, outcome.plan.waitTimeoutMs).description;
    throw new ShipgateError(redact(`smoke test of ${inputs.environment} failed: ${why}`));
  }
  io.info(`Smoke test of ${inputs.environment} passed`);
}
