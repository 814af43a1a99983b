import { StringDecoder } from 'node:string_decoder';
import { Writable } from 'node:stream';
import {
  neutraliseWorkflowCommands,
  runCommand,
  runCommandForOutput,
  type CommandResult,
  type RunCommandOptions,
} from '@shipgate/core';

/** A line longer than this is passed on in pieces (each still neutralised) rather than held. */
const MAX_HELD_CHARACTERS = 64 * 1024;

/**
 * A stream that passes a command's output on to `target` with workflow commands neutralised
 * (`::error::`, `::set-output`, `##[`): router commands, nginx's test and reload print whatever
 * they like, and the runner would obey a `::` at the start of any line of the job log. Output is
 * held until each line ends, so a `::` split across two chunks is still caught; `flush` passes on
 * an unterminated last line once the command has ended.
 */
export function neutralisedOutput(target: NodeJS.WritableStream): { stream: Writable; flush(): void } {
  const decoder = new StringDecoder('utf8');
  let held = '';
  const pass = (text: string) => {
    if (text !== '') target.write(neutraliseWorkflowCommands(text));
  };
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      held += typeof chunk === 'string' ? chunk : decoder.write(chunk);
      const lastBreak = Math.max(held.lastIndexOf('\n'), held.lastIndexOf('\r'));
      if (lastBreak >= 0) {
        pass(held.slice(0, lastBreak + 1));
        held = held.slice(lastBreak + 1);
      }
      if (held.length > MAX_HELD_CHARACTERS) {
        pass(held);
        held = '';
      }
      done();
    },
  });
  return {
    stream,
    flush() {
      held += decoder.end();
      pass(held);
      held = '';
    },
  };
}


/** runCommand with the command's stdout and stderr neutralised on their way to the log. */
export async function runRouterCommand(argv: string[], options: RunCommandOptions): Promise<CommandResult> {
  const stdout = neutralisedOutput(options.stdout ?? process.stdout);
  const stderr = neutralisedOutput(options.stderr ?? process.stderr);
  try {
    return await runCommand(argv, { ...options, stdout: stdout.stream, stderr: stderr.stream });
  } finally {
    stdout.flush();
    stderr.flush();
  }
}

/** runCommandForOutput (stdout kept as the answer) with stderr neutralised on its way to the log. */
export async function runRouterCommandForOutput(argv: string[], options: Omit<RunCommandOptions, 'stdout'>): Promise<CommandResult & { stdout: string }> {
  const stderr = neutralisedOutput(options.stderr ?? process.stderr);
  try {
    return await runCommandForOutput(argv, { ...options, stderr: stderr.stream });
  } finally {
    stderr.flush();
  }
}
