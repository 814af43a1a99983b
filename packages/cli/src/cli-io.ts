import { createRedactor, neutraliseWorkflowCommands, type ActionIO } from '@shipgate/core';

export interface CliIO extends ActionIO {
  outputs: Record<string, string>;
  state: Record<string, string>;
  summaries: string[];
}

/**
 * ActionIO for a terminal: inputs from the command line (defaults as in action.yml), outputs
 * and state kept in memory, secrets masked in everything it prints.
 */
export function cliIO(inputs: Record<string, string>, signal: AbortSignal, write: (line: string) => void = (l) => console.log(l)): CliIO {
  const secrets: string[] = [];
  // Run from a workflow's `run:` step, this output is read by the runner too: no value may start a workflow command.
  let redact = createRedactor(secrets);
  const mask = (text: string) => neutraliseWorkflowCommands(redact(text));
  const outputs: Record<string, string> = {};
  const state: Record<string, string> = {};
  const summaries: string[] = [];
  return {
    outputs,
    state,
    summaries,
    input: (name) => (inputs[name] ?? '').trim(),
    setOutput: (name, value) => {
      outputs[name] = String(value);
    },
    saveState: (name, value) => {
      state[name] = value;
    },
    getState: (name) => state[name] ?? '',
    info: (message) => write(mask(message)),
    warning: (message, file) => write(mask(`warning${file ? ` (${file.file}${file.line ? `:${file.line}` : ''})` : ''}: ${message}`)),
    setSecret: (value) => {
      if (value) secrets.push(value);
      redact = createRedactor(secrets);
    },
    appendSummary: async (markdown) => {
      summaries.push(mask(markdown));
    },
    signal,
  };
}
