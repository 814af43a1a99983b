import { spawn } from 'node:child_process';

export interface CommandResult {
  /** Exit code, or null when the process was killed or never started. */
  exitCode: number | null;
  timedOut: boolean;
  /** Set when the program could not be started (e.g. not found). */
  startError?: string;
  durationMs: number;
  /** The last lines of stdout+stderr, for a one-line failure reason. */
  outputTail: string[];
}

export interface RunCommandOptions {
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Where the command's output goes as it arrives; defaults to this process's stdout/stderr. */
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  /** Aborting kills the command (used when the job is cancelled). */
  signal?: AbortSignal;
}

const KILL_GRACE_MS = 5_000;
const TAIL_LINES = 20;
const OUTPUT_DRAIN_MS = 500;

/**
 * Runs argv directly (no shell). The command gets its own process group so a timeout or a
 * cancel also stops whatever it started (deploy scripts often fork), first with SIGTERM and
 * after a grace period with SIGKILL.
 */
export function runCommand(argv: readonly string[], options: RunCommandOptions): Promise<CommandResult> {
  const [program, ...args] = argv;
  if (!program) throw new Error('runCommand needs a program');
  const started = performance.now();
  const tail = new OutputTail(TAIL_LINES);
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  // Cancelled before it began: start nothing.
  if (options.signal?.aborted) return Promise.resolve({ exitCode: null, timedOut: false, durationMs: 0, outputTail: [] });

  return new Promise((resolve) => {
    const child = spawn(program, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let timedOut = false;
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;
    let drainTimer: NodeJS.Timeout | undefined;

    const killGroup = (signal: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // Already gone.
      }
    };
    const stop = () => {
      killGroup('SIGTERM');
      killTimer = setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS);
      killTimer.unref();
    };
    const timeout = setTimeout(() => {
      timedOut = true;
      stop();
    }, options.timeoutMs);
    const onAbort = () => stop();
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const finish = (result: Omit<CommandResult, 'durationMs' | 'outputTail' | 'timedOut'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timeout);
      if (killTimer) clearTimeout(killTimer);
      if (drainTimer) clearTimeout(drainTimer);
      options.signal?.removeEventListener('abort', onAbort);
      // A timed-out command's children may still hold the group; make sure they are gone.
      if (timedOut) killGroup('SIGKILL');
      resolve({ ...result, timedOut, durationMs: Math.round(performance.now() - started), outputTail: tail.lines() });
    };

    child.stdout.on('data', (chunk: Buffer) => {
      stdout.write(chunk);
      tail.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr.write(chunk);
      tail.push(chunk);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      const startError = error.code === 'ENOENT' ? `command not found: ${program}` : error.code === 'EACCES' ? `not executable: ${program}` : error.message;
      finish({ exitCode: null, startError });
    });
    // Finish when the command exits, not when its output closes: a deploy script may leave a
    // background process (`nohup server &`) holding stdout. Late output gets a moment to drain.
    child.on('close', (code) => finish({ exitCode: code }));
    child.on('exit', (code) => {
      drainTimer = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish({ exitCode: code });
      }, OUTPUT_DRAIN_MS);
    });
  });
}

/** Keeps the last few lines of a stream without holding all of it in memory. */
class OutputTail {
  private readonly kept: string[] = [];
  private partial = '';
  constructor(private readonly max: number) {}

  push(chunk: Buffer): void {
    const parts = (this.partial + chunk.toString('utf8')).split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.keep(line);
  }

  lines(): string[] {
    return this.partial ? [...this.kept, this.partial].slice(-this.max) : [...this.kept];
  }

  private keep(line: string): void {
    if (line.trim() === '') return;
    this.kept.push(line);
    if (this.kept.length > this.max) this.kept.shift();
  }
}

/** One line saying why a command failed, for a deployment status or an error. */
export function describeCommandFailure(result: CommandResult, timeoutMs: number, formatMs: (ms: number) => string): string | undefined {
  if (result.startError) return result.startError;
  if (result.timedOut) return `command timed out after ${formatMs(timeoutMs)}`;
  if (result.exitCode !== 0) {
    const last = result.outputTail.at(-1);
    return `command exited with code ${result.exitCode ?? 'unknown (killed)'}${last ? `: ${last.trim()}` : ''}`;
  }
  return undefined;
}
