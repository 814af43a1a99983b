import { Writable } from 'node:stream';
import { runCommand, type CommandResult, type RunCommandOptions } from './run-command';

/** Output kept from a command whose answer is read (a weight, a JSON line): far more than enough. */
const MAX_CAPTURED_BYTES = 1 << 20;

/**
 * Runs argv (no shell) and keeps its stdout as text, for commands whose output is their answer
 * (`get-weight-command`, `metrics-command`). stderr goes where `options.stderr` says.
 */
export async function runCommandForOutput(
  argv: readonly string[],
  options: Omit<RunCommandOptions, 'stdout'>,
): Promise<CommandResult & { stdout: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  const stdout = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (size < MAX_CAPTURED_BYTES) chunks.push(chunk);
      size += chunk.length;
      done();
    },
  });
  const result = await runCommand(argv, { ...options, stdout });
  return { ...result, stdout: Buffer.concat(chunks).toString('utf8') };
}
