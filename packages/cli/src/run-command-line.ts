import { ShipgateError, isShipgateError, neutraliseErrorText, neutraliseWorkflowCommands } from '@shipgate/core';
import { ACTION_INPUTS } from './action-inputs.generated';
import { cliIO, type CliIO } from './cli-io';
import { COMMANDS } from './commands';
import { parseArgv } from './parse-argv';

export const USAGE = `usage: shipgate <command> [--<input> <value> ...]
commands: ${Object.keys(COMMANDS).join(', ')}, demo
Inputs are the action's inputs (see actions/<command>/README.md), e.g.
  shipgate staging-deploy --command "./deploy.sh {sha}" --environment staging --health-url http://127.0.0.1:3000/health
Without GITHUB_TOKEN and GITHUB_REPOSITORY, records go to .shipgate/records.json (SHIPGATE_RECORDS_FILE to change).`;

/** The runner's `${{ github.* }}` defaults, as the CLI understands them outside Actions. */
function localDefault(value: string, env: NodeJS.ProcessEnv): string {
  return value
    .replace(/\$\{\{\s*github\.sha\s*\}\}/g, env.GITHUB_SHA || 'HEAD')
    .replace(/\$\{\{\s*github\.token\s*\}\}/g, env.GITHUB_TOKEN || '');
}

/** Builds the full input set: defaults from action.yml, then what the user passed. */
export function commandInputs(command: string, given: Record<string, string>, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const specs = ACTION_INPUTS[command];
  if (!specs) throw new ShipgateError(`unknown command '${command}'\n${USAGE}`);
  const unknown = Object.keys(given).filter((name) => !(name in specs));
  if (unknown.length > 0) {
    throw new ShipgateError(`unknown option --${unknown[0]} for ${command}; its inputs are: ${Object.keys(specs).map((n) => `--${n}`).join(', ')}`);
  }
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(specs)) inputs[name] = given[name] ?? localDefault(spec.default, env);
  return inputs;
}

/** A user mistake is one line; anything else is a bug and keeps its stack. */
export function printFailure(what: string, error: unknown): void {
  neutraliseErrorText(error);
  if (isShipgateError(error)) console.error(`error: ${what}: ${error.message}`);
  else console.error(`error: ${what} failed unexpectedly (a bug in shipgate, please report it):`, error);
}

/** Runs one action's main (then its post, as the runner would) with terminal IO. */
export async function runCommandLine(command: string, given: Record<string, string>, signal: AbortSignal): Promise<{ ok: boolean; io: CliIO }> {
  const entry = COMMANDS[command];
  const inputs = commandInputs(command, given);
  if (!entry) throw new ShipgateError(`unknown command '${command}'\n${USAGE}`);
  const io = cliIO(inputs, signal);
  let ok = true;
  try {
    await entry.main(io);
  } catch (error) {
    ok = false;
    printFailure(command, error);
  }
  if (entry.post) {
    try {
      await entry.post(io);
    } catch (error) {
      ok = false;
      printFailure(`${command} (cleanup)`, error);
    }
  }
  return { ok, io };
}

export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArgv(argv);
  if (!parsed.command || parsed.command === 'help' || 'help' in parsed.options) {
    console.log(USAGE);
    return parsed.command ? 0 : 1;
  }
  const controller = new AbortController();
  const onSignal = () => controller.abort(new Error('interrupted'));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const { ok, io } = await runCommandLine(parsed.command, parsed.options, controller.signal);
    for (const [name, value] of Object.entries(io.outputs)) console.log(neutraliseWorkflowCommands(`${name}=${value}`));
    return ok ? 0 : 1;
  } catch (error) {
    printFailure(parsed.command, error);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
