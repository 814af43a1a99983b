import { isShipgateError, runnerInputs, type ActionIO } from '@shipgate/core';
import type { Emulator, LoggedRequest } from '../../emulator';
import { actionInputDefaults } from './action-inputs';

/** How one in-process run ended, as the runner would report it. */
export type Outcome =
  | { kind: 'success' }
  /** A ShipgateError: one `::error::` line, exit 1. `line` is that line's text (unescaped). */
  | { kind: 'shipgate-error'; message: string; line: string; input?: string }
  /** Anything else: "failed unexpectedly (a bug in shipgate)" with a stack, or a hang. */
  | { kind: 'bug'; detail: string };

/** Everything a run put where a user, the runner or GitHub can see it. */
export interface CaseRun {
  outcome: Outcome;
  /** Log lines exactly as written (info lines, raw stdout/stderr of the process), before the runner's masking. */
  logLines: string[];
  /** Warning and error annotation texts (the runner escapes these, so they cannot start a command). */
  annotations: string[];
  outputs: Record<string, string>;
  state: Record<string, string>;
  summary: string;
  /** Values the action asked the runner to mask (core.setSecret). */
  masked: string[];
  /** The GitHub API requests made during the run. */
  requests: LoggedRequest[];
  durationMs: number;
}

export type ActionMain = (io: ActionIO) => Promise<void>;

/** The runner splits output into lines as .NET's ReadLine does: \n, \r\n and a lone \r. */
export const runnerLines = (text: string) => text.split(/\r\n|\r|\n/);

/**
 * Runs an action's exported main(io) in this process, the way runAction (action-runner.ts)
 * does on the runner: inputs left out take action.yml's defaults, inputs are read through
 * runnerInputs from INPUT_<NAME> (trimmed), failures classified as runAction's reportFailure
 * prints them. The inputs are also put into
 * process.env for the run, as the runner does, so a command's environment can be checked.
 * process.stdout/stderr writes made during the run (a command's output, a stray console.log)
 * are captured as log lines too.
 */
export async function runInProcess(
  action: string,
  main: ActionMain,
  options: { inputs: Record<string, string>; emulator: Emulator; timeoutMs?: number },
): Promise<CaseRun> {
  // The runner starts a step in GITHUB_WORKSPACE; relative paths (report, checks) resolve there,
  // never in this repository (startWorld moved there for the whole file).
  const workspace = process.env.GITHUB_WORKSPACE;
  if (!workspace || process.cwd() !== workspace) throw new Error('runInProcess: run inside startWorld(), whose workspace is the working directory');
  const inputEnv: Record<string, string> = {};
  // The runner passes action.yml's default for every input a workflow leaves out.
  const given = { ...actionInputDefaults(action, process.env as Record<string, string>), ...options.inputs };
  for (const [name, value] of Object.entries(given)) inputEnv[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  const previousEnv = new Map<string, string | undefined>();
  for (const [key, value] of Object.entries(inputEnv)) {
    previousEnv.set(key, process.env[key]);
    process.env[key] = value;
  }
  const logText: string[] = [];
  const annotations: string[] = [];
  const outputs: Record<string, string> = {};
  const state: Record<string, string> = {};
  const masked: string[] = [];
  let summary = '';
  const controller = new AbortController();
  const io: ActionIO = {
    // The exact values (NUL included, which process.env would cut), read as the runner does.
    input: runnerInputs(inputEnv),
    setOutput: (name, value) => void (outputs[name] = String(value)),
    saveState: (name, value) => void (state[name] = value),
    getState: (name) => state[name] ?? '',
    info: (message) => void logText.push(String(message)),
    warning: (message) => void annotations.push(`warning: ${message}`),
    setSecret: (value) => void masked.push(value),
    appendSummary: async (markdown) => void (summary += markdown),
    signal: controller.signal,
  };

  const requestsBefore = options.emulator.requests.length;
  const restore = captureProcessOutput((text) => logText.push(text));
  const started = performance.now();
  let outcome: Outcome;
  let timer: NodeJS.Timeout | undefined;
  try {
    const hang = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new HangError(options.timeoutMs ?? 15_000)), options.timeoutMs ?? 15_000);
    });
    await Promise.race([main(io), hang]);
    outcome = { kind: 'success' };
  } catch (error) {
    if (isShipgateError(error)) {
      outcome = { kind: 'shipgate-error', message: error.message, line: `${action}: ${error.message}`, input: error.input };
      annotations.push(`error: ${action}: ${error.message}`);
    } else {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      outcome = { kind: 'bug', detail };
      annotations.push(`error: ${action} failed unexpectedly (a bug in shipgate, please report it): ${detail}`);
    }
    if (error instanceof HangError) controller.abort(new Error('fuzz: run timed out'));
  } finally {
    clearTimeout(timer);
    restore();
    for (const [key, value] of previousEnv) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
  return {
    outcome,
    logLines: logText.flatMap(runnerLines),
    annotations,
    outputs,
    state,
    summary,
    masked,
    requests: options.emulator.requests.slice(requestsBefore),
    durationMs: performance.now() - started,
  };
}

class HangError extends Error {
  constructor(ms: number) {
    super(`the action did not finish within ${ms} ms (hang)`);
  }
}

/** Captures what is written to process.stdout/stderr until the returned function is called. */
function captureProcessOutput(sink: (text: string) => void): () => void {
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const capture = (chunk: unknown, encoding?: unknown, callback?: unknown) => {
    sink(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') (done as () => void)();
    return true;
  };
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  return () => {
    process.stdout.write = out;
    process.stderr.write = err;
  };
}
