import { tmpdir } from 'node:os';
import { ShipgateError, parseInputs, readRunContext, workspaceDir, type ActionIO } from '@shipgate/core';
import { openActionRecords, refsFromInput } from '@shipgate/records';
import { smokeTestInputs } from './inputs';

export async function main(io: ActionIO): Promise<void> {
  // An input error never repeats a header value, so masking right after parsing is early enough.
  const inputs = parseInputs(smokeTestInputs, io.input);
  // Loaded only once the inputs are valid, so a typo fails fast (bench/startup.mjs).
  const { checksHeaderSecrets, createRedactor, defaultReportPath, headerSecrets, loadChecks, smokeCommitStatus, smokeOutputs, smokeSummary, smokeTest } =
    await import('@shipgate/smoke');
  const workspace = workspaceDir();
  const checks = loadChecks(inputs.checks, workspace);
  // Header values (and the credential after an auth scheme) from the input and the checks file.
  const secrets = [inputs['github-token'], ...headerSecrets(inputs.headers), ...checksHeaderSecrets(checks)].filter(Boolean);
  for (const value of secrets) io.setSecret(value);
  const redact = createRedactor(secrets);
  const context = readRunContext();
  const tempDir = process.env.RUNNER_TEMP || tmpdir();

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
      reportPath: inputs.report ?? defaultReportPath(inputs.environment, tempDir),
      reportRoots: [workspace, tempDir],
      logUrl: context.runUrl,
      dryRun: inputs['dry-run'],
    },
    {
      records: async () => refsFromInput(await openActionRecords(inputs['github-token'], io.warning, { signal: io.signal }), 'sha'),
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
  await io.appendSummary(redact(smokeSummary(outcome)));
  if (!outcome.result.passed) {
    const why = smokeCommitStatus(inputs.environment, outcome.result, outcome.plan.waitTimeoutMs).description;
    throw new ShipgateError(redact(`smoke test of ${inputs.environment} failed: ${why}`));
  }
  io.info(`Smoke test of ${inputs.environment} passed`);
}

// Hoisted like every import; kept beside run() so the entry shape is one block.
import { runAction } from '@shipgate/core';

/** The entry (src/index.ts) and @github/local-action both start the action here. */
export async function run(): Promise<void> {
  await runAction('smoke-test', { main });
}
