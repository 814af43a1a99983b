import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/run-action';

const cli = join(repoRoot, 'dist', 'cli', 'index.js');
const demoEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(GIT|GITHUB|RUNNER|INPUT)_/.test(k)));

const started: ChildProcessWithoutNullStreams[] = [];
const demoDirs: string[] = [];
const appPids: number[] = [];

function startDemo(env: NodeJS.ProcessEnv = demoEnv()) {
  const child = spawn(process.execPath, [cli, 'demo'], { cwd: repoRoot, env, stdio: 'pipe' });
  started.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

const running = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The demo's folder (from its first line) and the app processes it has running now. */
function demoApps(stdout: string): { dir: string; pids: number[] } {
  const dir = dirname(/records in (\S+records\.json)/.exec(stdout)?.[1] ?? '/nonexistent/x');
  demoDirs.push(dir);
  const pids = readdirSync(dir)
    .filter((file) => file.endsWith('.pid'))
    .map((file) => Number(readFileSync(join(dir, file), 'utf8')));
  appPids.push(...pids);
  return { dir, pids };
}

afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
  for (const pid of appPids.splice(0)) if (running(pid)) process.kill(pid, 'SIGKILL');
  for (const dir of demoDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('npm run demo when it does not end normally', () => {
  it('kill -9 of the demo: its app processes stop themselves within a few seconds', async () => {
    const demo = startDemo();
    // After stage 2 a production app and a staging app are running.
    expect(await until(() => /^✔ 2\. /m.test(demo.out()), 60_000)).toBe(true);
    const { pids } = demoApps(demo.out());
    expect(pids.length).toBeGreaterThanOrEqual(2);
    expect(pids.every(running)).toBe(true);
    demo.child.kill('SIGKILL');
    await demo.exited;
    expect(await until(() => !pids.some(running), 5_000)).toBe(true);
  }, 90_000);

  it('`npm run demo | head -5`: the demo stops at its next line, stops its apps and prints no EPIPE stack', async () => {
    const demo = startDemo();
    expect(await until(() => demo.out().split('\n').length > 5, 60_000)).toBe(true);
    const { pids } = demoApps(demo.out());
    expect(pids.length).toBeGreaterThanOrEqual(1);
    demo.child.stdout.destroy(); // head exits after its five lines
    expect(await Promise.race([demo.exited.then(() => true), sleep(30_000).then(() => false)])).toBe(true);
    expect(pids.filter(running)).toEqual([]);
    expect(demo.err()).not.toMatch(/EPIPE|\n\s+at /);
  }, 120_000);

  it('says in one line when git is not on PATH', async () => {
    const emptyBin = mkdtempSync(join(tmpdir(), 'no-git-'));
    demoDirs.push(emptyBin);
    const demo = startDemo({ ...demoEnv(), PATH: emptyBin });
    expect(await demo.exited).toBe(1);
    expect(demo.err().trim()).toBe('error: demo: the demo needs git on PATH (it builds a real git repository); install git and run it again');
  });

  it('says in one line when TMPDIR cannot hold the demo folder', async () => {
    const demo = startDemo({ ...demoEnv(), TMPDIR: '/nonexistent/tmp' });
    expect(await demo.exited).toBe(1);
    expect(demo.err().trim()).toBe('error: demo: cannot create the demo folder in /nonexistent/tmp: no such folder; set TMPDIR to a writable folder');
  });
});
