import * as core from '@actions/core';
import { runnerInputs, type InputSource } from './inputs';
import { fitStepSummary } from './summary';
import { neutraliseWorkflowCommands } from './workflow-commands';

/**
 * Everything an action's main talks to besides its packages. Actions get the runner's
 * (@actions/core); the CLI and tests can supply their own, so the same main runs anywhere.
 */
export interface ActionIO {
  input: InputSource;
  setOutput(name: string, value: string | number | boolean): void;
  saveState(name: string, value: string): void;
  getState(name: string): string;
  /** Logs a line; values in it can never start a workflow command (see workflow-commands.ts). */
  info(message: string): void;
  warning(message: string, file?: { file: string; line?: number }): void;
  /** Masks a value in every later log line. */
  setSecret(value: string): void;
  /** Appends Markdown/HTML to the job summary (no-op where there is none), kept under GitHub's 1 MiB per step. */
  appendSummary(markdown: string): Promise<void>;
  /** Aborted when the job is cancelled (SIGINT/SIGTERM from the runner). */
  signal: AbortSignal;
}

export function runnerIO(signal: AbortSignal): ActionIO {
  return {
    input: runnerInputs(),
    setOutput: (name, value) => core.setOutput(name, String(value)),
    saveState: (name, value) => core.saveState(name, value),
    getState: (name) => core.getState(name),
    info: (message) => core.info(neutraliseWorkflowCommands(message)),
    warning: (message, file) => core.warning(neutraliseWorkflowCommands(message), file ? { file: file.file, startLine: file.line } : undefined),
    setSecret: (value) => core.setSecret(value),
    appendSummary: async (markdown) => {
      const file = process.env.GITHUB_STEP_SUMMARY;
      if (!file) return;
      const fitted = fitStepSummary(markdown, file);
      if (fitted === '') return;
      await core.summary.addRaw(fitted, true).write();
      core.summary.emptyBuffer();
    },
    signal,
  };
}
