import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatDuration } from './duration';
import { commandEnvironment, commandFailure, describeCommandFailure, describeFailureForLog, runCommand } from './run-command';

/** Running, not merely unreaped: an orphan killed in a sandbox may linger as a zombie. */
function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

const sink = () => new Writable({ write: (_c, _e, done) => done() });
const quiet = { stdout: sink(), stderr: sink() };

describe('runCommand', () => {
  it('runs argv without a shell: metacharacters arrive as plain text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipgate-cmd-'));
    const marker = join(dir, 'pwned');
    const result = await runCommand(['node', '-e', 'console.log(process.argv[1])', `x; touch ${marker}`, `$(touch ${marker})`], {
      timeoutMs: 10_000,
      ...quiet,
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputTail).toEqual([`x; touch ${marker}`]);
    expect(existsSync(marker)).toBe(false);
  });

  it('reports the exit code and the last output line', async () => {
    const result = await runCommand(['node', '-e', 'console.error("boom: db unreachable"); process.exit(3)'], { timeoutMs: 10_000, ...quiet });
    expect(result.exitCode).toBe(3);
    expect(describeCommandFailure(result, 10_000, formatDuration)).toBe('command exited with code 3: boom: db unreachable');
  });

  it('keeps what a failing command printed out of the reason meant for records; only the log line has it', async () => {
    const result = await runCommand(['node', '-e', 'console.error("auth failed with token fo1_SECRET"); process.exit(1)'], { timeoutMs: 10_000, ...quiet });
    const failure = commandFailure(result, 10_000, formatDuration);
    expect(failure).toEqual({ reason: 'command exited with code 1', lastLine: 'auth failed with token fo1_SECRET' });
    expect(describeFailureForLog(failure as NonNullable<typeof failure>)).toBe(
      'command exited with code 1 (its last output line: auth failed with token fo1_SECRET; the full output is in the log above)',
    );
  });

  it('stops a command that runs too long, children included', async () => {
    const started = Date.now();
    const result = await runCommand(['sh', '-c', 'sleep 30 & echo $!; wait'], { timeoutMs: 500, ...quiet });
    expect(result.timedOut).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(describeCommandFailure(result, 500, formatDuration)).toBe('command timed out after 500ms');
    const child = Number(result.outputTail[0]);
    expect(child).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 100));
    expect(isRunning(child)).toBe(false); // the background sleep is gone too
  });

  it('does not start a command whose signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const dir = mkdtempSync(join(tmpdir(), 'shipgate-cmd-'));
    const marker = join(dir, 'started');
    const result = await runCommand(['touch', marker], { timeoutMs: 60_000, signal: controller.signal, ...quiet });
    expect(result.exitCode).toBeNull();
    expect(existsSync(marker)).toBe(false);
  });

  it('finishes when the command exits, even if a background process keeps its output open', async () => {
    const result = await runCommand(['sh', '-c', 'sleep 5 & echo started'], { timeoutMs: 4_000, ...quiet });
    expect(result).toMatchObject({ exitCode: 0, timedOut: false, outputTail: ['started'] });
    expect(result.durationMs).toBeLessThan(3_000);
  });

  it('says when the program does not exist', async () => {
    const result = await runCommand(['definitely-not-a-program-shipgate'], { timeoutMs: 1000, ...quiet });
    expect(describeCommandFailure(result, 1000, formatDuration)).toBe('command not found: definitely-not-a-program-shipgate');
  });

  it('stops when aborted (job cancelled)', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const result = await runCommand(['sleep', '30'], { timeoutMs: 60_000, signal: controller.signal, ...quiet });
    expect(result.exitCode).toBeNull();
    expect(result.timedOut).toBe(false);
  });

  it("gives the command the step's environment without the action's inputs, its state and output files and runtime tokens", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipgate-cmd-'));
    const seen = join(dir, 'env.json');
    const planted = { 'INPUT_GITHUB-TOKEN': 'ghs_secret', GITHUB_OUTPUT: '/tmp/out', GITHUB_STATE: '/tmp/state', ACTIONS_RUNTIME_TOKEN: 'rt', GITHUB_ENV: '/tmp/env' };
    Object.assign(process.env, planted);
    try {
      await runCommand(['node', '-e', `require('fs').writeFileSync(${JSON.stringify(seen)}, JSON.stringify(process.env))`], { timeoutMs: 10_000, ...quiet });
    } finally {
      for (const name of Object.keys(planted)) delete process.env[name];
    }
    const env = JSON.parse(readFileSync(seen, 'utf8')) as Record<string, string>;
    expect(Object.keys(env).filter((name) => name in planted)).toEqual(['GITHUB_ENV']);
    expect(env.PATH).toBe(process.env.PATH);
    expect(commandEnvironment({ 'input_github-token': 'x', HOME: '/h' })).toEqual({ HOME: '/h' });
  });
});
