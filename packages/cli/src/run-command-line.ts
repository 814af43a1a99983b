import { appendFileSync } from 'node:fs';
import { fitStepSummary, InputError, isInputError, isShipgateError, neutraliseErrorText, neutraliseWorkflowCommands } from '@shipgate/core';
import { ACTION_DESCRIPTIONS, ACTION_INPUTS } from './action-inputs.generated';
import { cliIO, type CliIO } from './cli-io';
import { availableAliases, resolveCommand } from './command-aliases';
import { COMMANDS } from './commands';
import { DEMO_HELP, commandHelpText, usageText } from './help-text';
import { parseCommandLine, type CommandSpec } from './parse-argv';
import { summaryText } from './summary-text';
import { VERSION } from './version';

/** What `shipgate` exits with (packages/cli/README.md). */
export const EXIT = {
  /** The command did what was asked. */
  done: 0,
  /** A check, deploy, canary or rollback failed or was refused, GitHub failed, or shipgate has a bug. */
  failed: 1,
  /** The command line or an input value is wrong; nothing was run. */
  badInput: 2,
} as const;

const commandNames = () => Object.keys(COMMANDS).filter((name) => ACTION_INPUTS[name]);

export const USAGE = usageText(
  commandNames().map((name) => ({ name, description: ACTION_DESCRIPTIONS[name] ?? '' })),
  availableAliases(commandNames()),
);

/** The runner's `${{ github.* }}` defaults, as the CLI understands them outside Actions. */
function localDefault(value: string, env: NodeJS.ProcessEnv): string {
  return value
    .replace(/\$\{\{\s*github\.sha\s*\}\}/g, env.GITHUB_SHA || 'HEAD')
    .replace(/\$\{\{\s*github\.token\s*\}\}/g, env.GITHUB_TOKEN || '');
}

/** Builds the full input set: defaults from action.yml, then what the user passed. */
export function commandInputs(command: string, given: Record<string, string>, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const specs = ACTION_INPUTS[command];
  if (!specs) throw new InputError(`unknown command '${command}' (shipgate --help lists the commands)`);
  const unknown = Object.keys(given).filter((name) => !(name in specs));
  if (unknown.length > 0) {
    throw new InputError(`unknown option --${unknown[0]} for ${command}; its inputs are: ${Object.keys(specs).map((n) => `--${n}`).join(', ')}`);
  }
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(specs)) inputs[name] = given[name] ?? localDefault(spec.default, env);
  // A webhook URL is a secret: from the environment it stays out of `ps` and the shell's history.
  for (const [name, variable] of [['notify-webhook', 'SHIPGATE_NOTIFY_WEBHOOK'], ['notify-failure-webhook', 'SHIPGATE_NOTIFY_FAILURE_WEBHOOK']] as const) {
    if (name in specs && given[name] === undefined && env[variable]) inputs[name] = env[variable];
  }
  return inputs;
}

/** A user mistake is one line; anything else is a bug and keeps its stack. Returns the exit code it calls for. */
export function printFailure(what: string, error: unknown): number {
  neutraliseErrorText(error);
  if (isShipgateError(error)) console.error(`error: ${what ? `${what}: ` : ''}${error.message}`);
  else console.error(`error: ${what} failed unexpectedly (a bug in shipgate, please report it):`, error);
  return isInputError(error) ? EXIT.badInput : EXIT.failed;
}

/** Runs one action's main (then its post, as the runner would) with terminal IO. */
export async function runCommandLine(command: string, given: Record<string, string>, signal: AbortSignal): Promise<{ ok: boolean; exitCode: number; io: CliIO }> {
  const entry = COMMANDS[command];
  const inputs = commandInputs(command, given);
  if (!entry) throw new InputError(`unknown command '${command}' (shipgate --help lists the commands)`);
  const io = cliIO(inputs, signal);
  let exitCode: number = EXIT.done;
  try {
    await entry.main(io);
  } catch (error) {
    exitCode = printFailure(command, error);
  }
  if (entry.post) {
    try {
      await entry.post(io);
    } catch (error) {
      exitCode = Math.max(exitCode, printFailure(`${command} (cleanup)`, error));
    }
  }
  return { ok: exitCode === EXIT.done, exitCode, io };
}

/** The summary for a reader at a terminal, and, in a workflow's `run:` step, for the job page too. */
function showSummary(io: CliIO, env: NodeJS.ProcessEnv): void {
  const markdown = io.summaries.join('\n');
  if (markdown.trim() === '') return;
  console.log(`\n${neutraliseWorkflowCommands(summaryText(markdown))}\n`);
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  // The command has already done its work: a summary file that cannot be written is worth a
  // warning, not a failed (or "buggy") run after a successful deploy.
  try {
    const fitted = fitStepSummary(markdown, file);
    if (fitted !== '') appendFileSync(file, `${fitted}\n`);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    console.error(neutraliseWorkflowCommands(`warning: could not write the summary to GITHUB_STEP_SUMMARY (${file}): ${reason}`));
  }
}

export interface MainOptions {
  /** `shipgate demo`: the bundle entry supplies it (it needs the bundle's own path). */
  demo?: () => Promise<number>;
  env?: NodeJS.ProcessEnv;
}

export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const resolve = (word: string): CommandSpec | undefined => {
    if (word === 'demo') return { name: 'demo', inputs: [] };
    const command = resolveCommand(word, commandNames());
    return command ? { name: command, inputs: Object.keys(ACTION_INPUTS[command] ?? {}) } : undefined;
  };
  let line;
  try {
    line = parseCommandLine(argv, resolve, [...commandNames(), 'demo'], availableAliases(commandNames()).map(([alias]) => alias));
  } catch (error) {
    return printFailure('', error); // the message names the command
  }
  switch (line.kind) {
    case 'usage':
      console.error(USAGE);
      return EXIT.badInput;
    case 'help':
      console.log(USAGE);
      return EXIT.done;
    case 'version':
      console.log(VERSION);
      return EXIT.done;
    case 'command-help':
      console.log(line.command === 'demo' ? DEMO_HELP : commandHelpText(line.command, ACTION_DESCRIPTIONS[line.command] ?? '', ACTION_INPUTS[line.command] ?? {}));
      return EXIT.done;
    case 'run':
      if (line.command === 'demo') return options.demo ? options.demo() : printFailure('shipgate', new InputError('demo runs only from the shipgate bundle'));
      return runAndReport(line.command, line.options, env);
  }
}

async function runAndReport(command: string, given: Record<string, string>, env: NodeJS.ProcessEnv): Promise<number> {
  const controller = new AbortController();
  const onSignal = () => controller.abort(new Error('interrupted'));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const { exitCode, io } = await runCommandLine(command, given, controller.signal);
    showSummary(io, env);
    for (const [name, value] of Object.entries(io.outputs)) console.log(neutraliseWorkflowCommands(`${name}=${value}`));
    return exitCode;
  } catch (error) {
    return printFailure(command, error);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
