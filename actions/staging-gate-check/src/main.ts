import { ShipgateError, parseInputs, readRunContext, type ActionIO } from '@shipgate/core';
import { checksOutput, evaluateGate, gateSummary, readGateEvent, type GatePolicy } from '@shipgate/gate';
import { openActionRecords, refsFromInput } from '@shipgate/records';
import { stagingGateCheckInputs } from './inputs';

export async function main(io: ActionIO): Promise<void> {
  const inputs = parseInputs(stagingGateCheckInputs, io.input);
  if (inputs['github-token']) io.setSecret(inputs['github-token']);
  const context = readRunContext();
  const event = await readGateEvent(context.eventName, context.eventPath);
  const ref = inputs.sha ?? event.pullRequest?.headSha ?? context.sha;
  if (!ref) throw new ShipgateError('is empty and there is no pull request head or GITHUB_SHA to default to; pass the commit to promote', 'sha');
  const source = inputs['source-environment'];
  const policy: GatePolicy = {
    ref,
    sourceEnvironment: source,
    targetEnvironment: inputs['target-environment'],
    match: inputs.match,
    allowedSources: inputs['allowed-sources'],
    requiredContexts: inputs['required-contexts'] ?? [`shipgate/smoke-test (${source})`],
    minSoakMs: inputs['min-soak'],
    maxAgeMs: inputs['max-age'],
    allowRolledBack: inputs['allow-rolled-back'],
    searchDepth: inputs['search-depth'],
  };
  // The gate only reads records, so a dry run has nothing to hold back: it decides the same way.
  if (inputs['dry-run']) io.info('dry-run: staging-gate-check only reads records; it runs exactly as without dry-run');

  const records = refsFromInput(await openActionRecords(inputs['github-token'], io.warning, { signal: io.signal }), 'sha');
  const verdict = await evaluateGate(records, policy, event);
  io.setOutput('validated', verdict.validated);
  io.setOutput('validated-sha', verdict.validated ? (verdict.staging?.deployment.sha ?? '') : '');
  io.setOutput('deployment-id', verdict.validated ? (verdict.staging?.deployment.id ?? '') : '');
  io.setOutput('reason', verdict.reason);
  io.setOutput('checks', checksOutput(verdict));
  for (const check of verdict.checks) io.info(`${check.passed ? 'pass' : 'FAIL'} ${check.name}: ${check.detail}`);

  await io.appendSummary(gateSummary(verdict, policy, records, context));
  const short = verdict.commit.sha.slice(0, 7);
  if (verdict.validated) {
    io.info(`${short} is validated for ${policy.targetEnvironment}: ${verdict.reason}`);
    return;
  }
  const refusal = `${short} is not validated for ${policy.targetEnvironment}: ${verdict.reason}`;
  if (inputs.fail) throw new ShipgateError(refusal);
  io.warning(`${refusal} (fail: false, so the step succeeds; branch on the 'validated' output)`);
}

// Hoisted like every import; kept beside run() so the entry shape is one block.
import { runAction } from '@shipgate/core';

/** The entry (src/index.ts) and @github/local-action both start the action here. */
export async function run(): Promise<void> {
  await runAction('staging-gate-check', { main });
}
