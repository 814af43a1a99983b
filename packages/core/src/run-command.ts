import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';

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
  /** Default: this process's environment without the action's own values (see commandEnvironment). */
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

// Runner values meant for the action alone. INPUT_* holds every input, the token included;
// the GITHUB_OUTPUT / GITHUB_STATE files would let a command forge the action's outputs
// (status=success) or what its post step believes; the ACTIONS_* tokens reach the
// cache/artifact service and OIDC, which a `run:` step does not get either. The job-wide
// files (GITHUB_ENV, GITHUB_PATH, GITHUB_STEP_SUMMARY) stay: a deploy script may use them as
// any step's script would. (STATE_* reach only post steps, which run no command, and may be
// the user's own variables.)
const ACTION_ONLY = /^INPUT_|^(GITHUB_OUTPUT|GITHUB_STATE|ACTIONS_RUNTIME_TOKEN|ACTIONS_RUNTIME_URL|ACTIONS_ID_TOKEN_REQUEST_TOKEN|ACTIONS_ID_TOKEN_REQUEST_URL|ACTIONS_CACHE_URL|ACTIONS_RESULTS_URL)$/i;

/** The environment a user's command runs in: the step's, without what belongs to the action. */
export function commandEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !ACTION_ONLY.test(name)));
}

// Runs beside the command: when shipgate dies without cleaning up (SIGKILL, OOM), its end of
// this pipe closes and the watchdog stops the command's process group.
const WATCHDOG = `const g=Number(process.argv[1]);const k=(s)=>{try{process.kill(-g,s)}catch{}};
const stop=()=>{k('SIGTERM');setTimeout(()=>{k('SIGKILL');process.exit(0)},${KILL_GRACE_MS})};
process.stdin.on('data',()=>{});process.stdin.on('end',stop);process.stdin.on('error',stop);`;

function startWatchdog(processGroup: number): ChildProcess | undefined {
  try {
    const watchdog = spawn(process.execPath, ['-e', WATCHDOG, String(processGroup)], {
      stdio: ['pipe', 'ignore', 'ignore'],
      detached: true,
      env: { PATH: process.env.PATH ?? '' },
    });
    watchdog.on('error', () => {});
    watchdog.unref();
    (watchdog.stdin as unknown as Socket | null)?.unref();
    return watchdog;
  } catch {
    return undefined;
  }
}

/**
 * Runs argv directly (no shell). The command gets its own process group so a timeout or a
 * cancel also stops whatever it started (deploy scripts often fork), first with SIGTERM and
 * after a grace period with SIGKILL; a watchdog stops it too if shipgate itself is killed.
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
      env: options.env ?? commandEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const watchdog = child.pid === undefined ? undefined : startWatchdog(child.pid);
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
      // Finished normally: what the command left running in the background (a server) stays.
      watchdog?.kill('SIGKILL');
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

/**
 * Why a command failed, in two parts. `reason` never holds the command's output, so it may go
 * where the runner's log masking does not reach: deployment statuses, payloads and job
 * summaries are sent through the API as they are, and a deploy command that prints a token it
 * read from its environment must not publish it there. `lastLine` is the command's last output
 * line, for the step's own `::error::` line and the log (which the runner masks).
 */
export interface CommandFailure {
  reason: string;
  lastLine?: string;
}

export function commandFailure(result: CommandResult, timeoutMs: number, formatMs: (ms: number) => string): CommandFailure | undefined {
  const lastLine = result.outputTail.at(-1)?.trim() || undefined;
  if (result.startError) return { reason: result.startError };
  if (result.timedOut) return { reason: `command timed out after ${formatMs(timeoutMs)}`, lastLine };
  if (result.exitCode !== 0) return { reason: `command exited with code ${result.exitCode ?? 'unknown (killed)'}`, lastLine };
  return undefined;
}

/** The failure for the step's `::error::` line: the reason and where the output is. */
export function describeFailureForLog(failure: CommandFailure): string {
  return failure.lastLine ? `${failure.reason} (its last output line: ${failure.lastLine}; the full output is in the log above)` : failure.reason;
}

/** One line saying why a command failed, with its last output line: for an error line, never for a record sent to GitHub. */
export function describeCommandFailure(result: CommandResult, timeoutMs: number, formatMs: (ms: number) => string): string | undefined {
  const failure = commandFailure(result, timeoutMs, formatMs);
  if (!failure) return undefined;
  // A timeout keeps its one-line form: what the command printed last is in the log.
  return failure.lastLine && !result.timedOut ? `${failure.reason}: ${failure.lastLine}` : failure.reason;
}
