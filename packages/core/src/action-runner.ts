import * as core from '@actions/core';
import { runnerIO, type ActionIO } from './action-io';
import { isShipgateError } from './errors';
import type { InputSource } from './inputs';
import { neutraliseErrorText } from './workflow-commands';

export interface ActionEntry {
  main: (io: ActionIO) => Promise<void>;
  /** Runs as the action's `post` step (same bundle; told apart by a saved state flag). */
  post?: (io: ActionIO) => Promise<void>;
}

const POST_FLAG = 'shipgate-is-post';

/**
 * The runner expands `${{ github.sha }}` / `${{ github.token }}` defaults before the step starts;
 * @github/local-action applies action.yml's defaults as written. Reading them from the
 * environment the runner would have taken them from makes a local run behave like the real one
 * (no token: the local records file, not GitHub called with the literal text as a token).
 */
const UNEXPANDED_DEFAULTS: Readonly<Record<string, string>> = {
  '${{ github.sha }}': 'GITHUB_SHA',
  '${{ github.token }}': 'GITHUB_TOKEN',
};

/**
 * Inputs through @actions/core's getInput (same INPUT_<NAME> lookup and trim as the runner), so
 * a tool that stubs the module — @github/local-action, which fills in action.yml's defaults —
 * supplies them.
 */
export function coreInputs(env: NodeJS.ProcessEnv = process.env): InputSource {
  return (name) => {
    const value = core.getInput(name);
    const variable = UNEXPANDED_DEFAULTS[value];
    return variable ? (env[variable] ?? '').trim() : value;
  };
}

/**
 * The one wrapper every action entry uses: picks main or post, turns a cancel into an
 * AbortSignal, and reports failures — a ShipgateError (a user mistake, or an OutsideFailure:
 * GitHub down, rate-limited or refusing the token) as one `::error::` line, anything else as a
 * bug with its stack.
 */
export async function runAction(actionName: string, entry: ActionEntry, input: InputSource = coreInputs()): Promise<void> {
  const isPost = core.getState(POST_FLAG) === 'true';
  if (!isPost) core.saveState(POST_FLAG, 'true');
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) return;
    core.warning(`${actionName}: received ${signal}, the job is being cancelled; cleaning up`);
    controller.abort(new Error(`cancelled (${signal})`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const io = { ...runnerIO(controller.signal), input };
    if (isPost) await entry.post?.(io);
    else await entry.main(io);
  } catch (error) {
    reportFailure(actionName, error);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export function reportFailure(actionName: string, error: unknown): void {
  neutraliseErrorText(error);
  // Set here rather than left to core.setFailed: @github/local-action's stub of it records the
  // failure without touching the exit code, and a local run that failed must not exit 0.
  process.exitCode = 1;
  if (isShipgateError(error) && error.annotation) {
    // setFailed, but with the annotation on the file the mistake is in.
    core.error(`${actionName}: ${error.message}`, { file: error.annotation.file, startLine: error.annotation.line });
  } else if (isShipgateError(error)) {
    core.setFailed(`${actionName}: ${error.message}`);
  } else {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    core.setFailed(`${actionName} failed unexpectedly (a bug in shipgate, please report it): ${detail}`);
  }
}
