import { ShipgateError, parseInputs, readRunContext, type ActionIO } from '@shipgate/core';
import { deploy, deploySummary, dryRunPlan, resolveDeploy, type DeployPlan } from '@shipgate/deploy';
import { closeIfOpen, findRequestedDeployment, openActionRecords, type DeploymentRequest } from '@shipgate/records';
import { stagingDeployInputs } from './inputs';

const STATE_DEPLOYMENT_ID = 'deployment-id';
const STATE_DEPLOYMENT_REQUEST = 'deployment-request';

export async function main(io: ActionIO): Promise<void> {
  const inputs = parseInputs(stagingDeployInputs, io.input);
  if (inputs['github-token']) io.setSecret(inputs['github-token']);
  const context = readRunContext();
  const plan: DeployPlan = {
    environment: inputs.environment,
    ref: inputs.ref,
    version: inputs.version,
    command: inputs.command,
    url: inputs.url,
    healthUrl: inputs['health-url'],
    healthTimeoutMs: inputs['health-timeout'],
    commandTimeoutMs: inputs['command-timeout'],
    production: inputs.production,
    transient: inputs.transient,
    logUrl: context.runUrl,
  };
  const records = await openActionRecords(inputs['github-token'], io.warning, { signal: io.signal });
  const resolved = await resolveDeploy(plan, records);
  io.setOutput('sha', resolved.sha);
  io.setOutput('version', resolved.version);
  io.setOutput('url', plan.url ?? '');
  io.setOutput('previous-sha', resolved.previous?.sha ?? '');
  io.setOutput('previous-deployment-id', resolved.previous?.id ?? '');

  if (inputs['dry-run']) {
    const lines = dryRunPlan(plan, resolved);
    for (const line of lines) io.info(`[dry-run] ${line}`);
    await io.appendSummary(`### shipgate deploy (dry run)\n\n${lines.map((l) => `- ${l}`).join('\n')}\n`);
    return;
  }

  const result = await deploy(plan, resolved, records, {
    info: io.info,
    beforeCreate: (request) => io.saveState(STATE_DEPLOYMENT_REQUEST, JSON.stringify(request)),
    onDeploymentCreated: (id) => {
      io.saveState(STATE_DEPLOYMENT_ID, String(id));
      io.setOutput('deployment-id', id);
    },
    signal: io.signal,
  });
  io.setOutput('status', result.status);
  io.setOutput('duration-ms', result.durationMs);
  await io.appendSummary(deploySummary(plan, result, records.location));
  if (result.status !== 'success') throw new ShipgateError(`deploy of ${result.version} to ${plan.environment} failed: ${result.reason}`);
  io.info(`Deployed ${result.version} to ${plan.environment}`);
}

/**
 * Closes a deployment the main step left open (job cancelled or crashed) as `error` — also
 * one whose create was still in flight when the job was cancelled, found by its marker.
 */
export async function post(io: ActionIO): Promise<void> {
  const request = savedRequest(io.getState(STATE_DEPLOYMENT_REQUEST));
  let id = Number(io.getState(STATE_DEPLOYMENT_ID));
  if (!id && !request) return;
  const token = io.input('github-token');
  if (token) io.setSecret(token);
  const context = readRunContext();
  const records = await openActionRecords(token, io.warning);
  if (!id && request) id = (await findRequestedDeployment(records, request))?.id ?? 0;
  if (!id) return;
  const closed = await closeIfOpen(records, id, { state: 'error', description: 'shipgate: the job ended before the deploy finished (cancelled?)', logUrl: context.runUrl });
  if (closed) io.warning(`Deployment ${id} was still open when the job ended; marked it error`);
}

function savedRequest(saved: string): DeploymentRequest | undefined {
  if (!saved) return undefined;
  const parsed = JSON.parse(saved) as Partial<DeploymentRequest>;
  return parsed.marker && parsed.environment && parsed.sha ? (parsed as DeploymentRequest) : undefined;
}
