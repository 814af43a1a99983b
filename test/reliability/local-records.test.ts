import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../emulator';
import { repoRoot, runAction, scratchDir } from '../helpers/run-action';
import { observe } from './observe';

const cli = join(repoRoot, 'dist', 'cli', 'index.js');

interface StoredRecords {
  deployments: { id: number; sha: string; statuses: { state: string; description: string }[] }[];
}

/** The CLI outside Actions (no GitHub variables), recording to `records`. */
function cliEnv(records: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GITHUB_') && !k.startsWith('INPUT_')));
  return { ...env, SHIPGATE_RECORDS_FILE: records };
}

const runCli = (args: string[], cwd: string, records: string) =>
  spawnSync(process.execPath, [cli, ...args], { cwd, env: cliEnv(records), encoding: 'utf8', timeout: 30_000 });

function startCli(args: string[], cwd: string, records: string) {
  const child = spawn(process.execPath, [cli, ...args], { cwd, env: cliEnv(records), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  return { child, exited, output: () => output };
}

const readRecords = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as StoredRecords;

function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

function gitRepo(): { dir: string; head: string } {
  const dir = scratchDir('shipgate-records-');
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, encoding: 'utf8' }).trim();
  git('init', '-q', '-b', 'develop');
  git('commit', '-q', '--allow-empty', '-m', 'one');
  return { dir, head: git('rev-parse', 'HEAD') };
}

describe('local records file', () => {
  it('a corrupt records file is one line naming the file and what to do, not a bug', (ctx) => {
    const dir = scratchDir('shipgate-records-');
    const records = join(dir, 'records.json');
    writeFileSync(records, '{"version":1,"nextId":3,"deployments":[{"id":1,');
    const result = runCli(['staging-deploy', '--command', 'node -e 0', '--ref', 'a'.repeat(40)], dir, records);
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`the records file ${records} is not valid JSON`);
    expect(lines[0]).toContain('move it aside');
    expect(lines[0]).not.toContain('bug in shipgate');
    // Nothing was written over the user's (broken) file.
    expect(readFileSync(records, 'utf8')).toBe('{"version":1,"nextId":3,"deployments":[{"id":1,');
    observe(ctx, { injected: 'records.json cut off mid-write', observed: lines[0] ?? '' });
  });

  it('stale locks left by dead writers are each claimed by exactly one of 8 concurrent CLI deploys: no record lost, no id shared', async (ctx) => {
    const rounds = 3;
    const writers = 8;
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid as number;
    const problems: string[] = [];
    let planted = 0;
    for (let round = 0; round < rounds; round++) {
      const dir = scratchDir('shipgate-lock-');
      const records = join(dir, 'records.json');
      const lock = `${records}.lock`;
      writeFileSync(records, JSON.stringify({ version: 1, nextId: 1, deployments: [], commitStatuses: {} }));
      // A writer that dies holding the lock, again and again while the deploys run: each time
      // the lock is free, it is taken and left behind, stale (owner gone, a minute old).
      let plantedThisRound = 0;
      const dieHoldingLock = () => {
        if (plantedThisRound >= 20) return;
        try {
          mkdirSync(lock);
        } catch {
          return;
        }
        writeFileSync(join(lock, 'owner'), JSON.stringify({ pid: deadPid, host: hostname(), token: `dead-${planted}` }));
        const past = new Date(Date.now() - 60_000);
        utimesSync(lock, past, past);
        planted++;
        plantedThisRound++;
      };
      dieHoldingLock();
      const crasher = setInterval(dieHoldingLock, 25);
      const runs = Array.from({ length: writers }, (_, i) =>
        startCli(['staging-deploy', '--command', 'node -e 0', '--ref', String(i + 1).repeat(40).slice(0, 40)], dir, records),
      );
      // A loaded machine: writers are paused at random moments (SIGSTOP ... SIGCONT), so one can
      // stop between judging a lock stale and acting on it while others move on.
      const pauser = setInterval(() => {
        const run = runs[Math.floor(Math.random() * runs.length)];
        if (!run || run.child.exitCode !== null) return;
        run.child.kill('SIGSTOP');
        setTimeout(() => run.child.kill('SIGCONT'), 20 + Math.random() * 60);
      }, 10);
      const codes = await Promise.all(runs.map((r) => r.exited)).finally(() => {
        clearInterval(crasher);
        clearInterval(pauser);
        for (const r of runs) r.child.kill('SIGKILL');
      });
      await new Promise((r) => setTimeout(r, 100)); // let pending SIGCONTs fire
      const stored = readRecords(records);
      const ids = stored.deployments.map((d) => d.id);
      // Reached success (a later deploy's success then marks it inactive, as on GitHub).
      const finished = stored.deployments.filter((d) => d.statuses.some((status) => status.state === 'success')).length;
      if (codes.some((c) => c !== 0)) problems.push(`round ${round}: exit codes ${codes.join(',')}: ${runs.map((r) => r.output()).join(' | ').slice(0, 400)}`);
      if (stored.deployments.length !== writers) problems.push(`round ${round}: ${stored.deployments.length} of ${writers} deployments kept`);
      if (new Set(ids).size !== ids.length) problems.push(`round ${round}: shared ids ${ids.join(',')}`);
      if (finished !== writers) problems.push(`round ${round}: ${finished} of ${writers} reached success`);
    }
    expect(problems).toEqual([]);
    observe(ctx, {
      injected: `${planted} stale records locks (dead owner, 60 s old) left while ${writers} CLI deploys ran at once, ${rounds} rounds`,
      observed: problems.length === 0 ? `every round: ${writers} deployments, distinct ids, all reached success` : problems.join('; '),
    });
  });

  it('a CLI deploy killed with SIGKILL: its command dies with it, and the next CLI run closes the record error', async (ctx) => {
    const dir = scratchDir('shipgate-kill-');
    const records = join(dir, 'records.json');
    const pidFile = join(dir, 'command.pid');
    const script = join(dir, 'deploy.mjs');
    writeFileSync(script, `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(pidFile)}, String(process.pid));\nsetInterval(() => {}, 1000);\n`);
    const first = startCli(['staging-deploy', '--command', `node ${script}`, '--ref', 'a'.repeat(40), '--command-timeout', '10m'], dir, records);
    expect(await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8') !== '', 15_000)).toBe(true);
    const commandPid = Number(readFileSync(pidFile, 'utf8'));
    first.child.kill('SIGKILL');
    await first.exited;
    const commandDied = await waitFor(() => !isRunning(commandPid), 8_000);
    if (!commandDied) process.kill(commandPid, 'SIGKILL');
    expect(commandDied).toBe(true);
    expect(readRecords(records).deployments[0]?.statuses.at(-1)?.state).toBe('in_progress');

    const second = runCli(['staging-deploy', '--command', 'node -e 0', '--ref', 'b'.repeat(40)], dir, records);
    expect(second.status).toBe(0);
    const killed = readRecords(records).deployments.find((d) => d.sha === 'a'.repeat(40));
    expect(killed?.statuses.map((s) => s.state)).toEqual(['in_progress', 'error']);
    expect(killed?.statuses.at(-1)?.description).toMatch(/the process that ran this deploy \(pid \d+\) ended before it finished/);
    observe(ctx, {
      injected: 'SIGKILL to `shipgate staging-deploy` while its command runs',
      observed: `command ${commandDied ? 'stopped' : 'still running'} after the kill; next CLI run: record ${killed?.statuses.map((s) => s.state).join(' -> ')} (${killed?.statuses.at(-1)?.description})`,
    });
  }, 40_000);

  it('a --ref starting with - is never passed to git as an option (--output=FILE writes nothing)', (ctx) => {
    const { dir } = gitRepo();
    const target = join(dir, 'written-by-git');
    const result = runCli(['staging-deploy', '--command', 'node -e 0', `--ref=--output=${target}`], dir, join(dir, 'records.json'));
    expect(result.status).toBe(2); // bad input (packages/cli/README.md "Exit codes")
    expect(existsSync(target)).toBe(false);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain("Input 'ref'");
    expect(existsSync(join(dir, 'records.json'))).toBe(false);
    observe(ctx, { injected: '--ref=--output=<file> to the CLI in a git checkout', observed: `${result.stderr.trim()}; file written: ${existsSync(target)}` });
  });
});

describe('commands shipgate runs', () => {
  it("the deploy command does not get the action's inputs (the token), state file or output file", async (ctx) => {
    const emulator = await startEmulator();
    try {
      const sha = '1'.repeat(40);
      emulator.addCommit({ sha, tree: 'e'.repeat(40), parents: [], message: 'release' });
      const work = scratchDir('shipgate-env-');
      const seen = join(work, 'env.json');
      const script = join(work, 'deploy.mjs');
      writeFileSync(script, `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(seen)}, JSON.stringify(process.env));\n`);
      const run = await runAction('staging-deploy', { apiUrl: emulator.url, cwd: work, env: { ACTIONS_RUNTIME_TOKEN: 'runtime-secret' }, inputs: { ref: sha, command: `node ${script}` } });
      expect(run.exitCode).toBe(0);
      const env = JSON.parse(readFileSync(seen, 'utf8')) as Record<string, string>;
      const leaked = Object.keys(env).filter((name) => /^INPUT_|^(GITHUB_OUTPUT|GITHUB_STATE|ACTIONS_RUNTIME_TOKEN)$/.test(name));
      expect(leaked).toEqual([]);
      expect(JSON.stringify(env)).not.toContain('ghs_testtoken');
      expect(env.GITHUB_REPOSITORY).toBe('acme/app');
      observe(ctx, {
        injected: 'a deploy command that dumps its environment (the step has INPUT_*, GITHUB_OUTPUT, GITHUB_STATE, ACTIONS_RUNTIME_TOKEN)',
        observed: `action-only variables it saw: ${leaked.length === 0 ? 'none' : leaked.join(', ')}; token present: ${JSON.stringify(env).includes('ghs_testtoken')}`,
      });
    } finally {
      await emulator.close();
    }
  });
});
