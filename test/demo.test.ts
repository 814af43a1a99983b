import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/run-action';

const cli = join(repoRoot, 'dist', 'cli', 'index.js');

/**
 * Runs the built demo as `npm run demo` does, from a shell that is hostile to it: a git hook's or
 * `git rebase -x`'s GIT_DIR/GIT_WORK_TREE pointing at the user's repository, a ~/.gitconfig with
 * merge.verifySignatures=true, and a CI step's pull_request event, outputs and inputs.
 */
function runDemo(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [cli, 'demo'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  // SIGINT, as a user's Ctrl-C: the demo stops its apps and proxy before it exits.
  const timer = setTimeout(() => child.kill('SIGINT'), 110_000);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The user's repository, their home and their CI step's files, in a scratch folder. */
function hostileShell() {
  const scratch = mkdtempSync(join(tmpdir(), 'demo-hostile-'));
  const userRepo = join(scratch, 'user-repo');
  const home = join(scratch, 'home');
  mkdirSync(userRepo);
  mkdirSync(home);
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=u', '-c', 'user.email=u@example.com', ...args], { cwd: userRepo, env: { PATH: process.env.PATH }, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('commit', '-q', '--allow-empty', '-m', 'the user\'s work');
  writeFileSync(join(home, '.gitconfig'), '[merge]\n\tverifySignatures = true\n');
  const event = join(scratch, 'event.json');
  writeFileSync(event, JSON.stringify({ pull_request: { number: 7, head: { sha: '0'.repeat(40) }, base: { ref: 'main' } } }));
  const outputs = join(scratch, 'github-output');
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(GIT|GITHUB|RUNNER|INPUT)_/.test(k)));
  const env: NodeJS.ProcessEnv = {
    ...clean,
    HOME: home,
    GIT_DIR: join(userRepo, '.git'),
    GIT_WORK_TREE: userRepo,
    GIT_INDEX_FILE: join(userRepo, '.git', 'index'),
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: event,
    GITHUB_OUTPUT: outputs,
    GITHUB_STEP_SUMMARY: join(scratch, 'step-summary'),
    GITHUB_SHA: '0'.repeat(40),
    RUNNER_TEMP: scratch,
    INPUT_SHA: '0'.repeat(40),
    INPUT_FAIL: 'true',
  };
  const state = () => ({ refs: git('for-each-ref'), log: git('log', '--all', '--oneline'), config: git('config', '--local', '--list'), status: git('status', '--porcelain') });
  return { scratch, env, outputs, state, userRepo };
}

const answers = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
    () => true,
    () => false,
  );

describe('npm run demo (the built CLI)', () => {
  let demoDir: string | undefined;
  const shell = hostileShell();
  afterAll(() => {
    if (demoDir) rmSync(demoDir, { recursive: true, force: true });
    rmSync(shell.scratch, { recursive: true, force: true });
  });

  it('runs every stage of the flow, says what each did, keeps its records file and exits 0, leaving the user\'s repository and CI step alone', async () => {
    const before = shell.state();
    const { code, stdout, stderr } = await runDemo(shell.env);
    const recordsFile = /records in (\S+records\.json)/.exec(stdout)?.[1];
    if (recordsFile) demoDir = dirname(recordsFile);
    expect(stderr).toBe('');
    expect(stdout).toContain('All stages behaved as expected');
    expect(code).toBe(0);

    const stageLines = stdout.split('\n').filter((line) => /^[✔✘-] \d+\. /.test(line));
    expect(stageLines).toHaveLength(12);
    expect(stageLines.every((line) => line.startsWith('✔'))).toBe(true);
    const stage = (n: number) => stageLines[n - 1] ?? '';
    expect(stage(1)).toMatch(/v1 runs in production, behind the weighted proxy: deployment #\d+ success/);
    expect(stage(2)).toMatch(/deploy v2 to staging: deployment #\d+ success/);
    expect(stage(3)).toMatch(/smoke-test v2 on staging: passed=true/);
    expect(stage(4)).toMatch(/gate: promote main's merge of v2 .*validated=true/);
    expect(stage(5)).toMatch(/canary v2 in production .*\): promoted: .* carries all traffic after 3 steps.*users saw v1 \d+, v2 \d+; v2 is now the stable release/);
    expect(stage(6)).toMatch(/deploy v3 to staging: deployment #\d+ success/);
    expect(stage(7)).toMatch(/smoke-test v3 on staging: passed=true/);
    expect(stage(8)).toMatch(/gate: promote main's merge of v3 .*validated=true/);
    expect(stage(9)).toMatch(/canary v3 in production, aborted by the judge: aborted at step 1\/3 \(25%\), traffic back on stable: .*; the proxy's canary weight is 0 %; users saw v2 \d+/);
    expect(stage(10)).toMatch(/rollback: restore v2 in production: deployment #\d+ success .*; 20 of 20 page views answered by v2/);
    expect(stage(11)).toMatch(/gate: try to promote v3 again: refused as expected: quarantine: .* was rolled back in production/);
    expect(stage(12)).toContain('nothing left in progress: every deployment has a final status');

    // The path it printed is there after it exits (it once printed a file it had just deleted).
    expect(recordsFile && existsSync(recordsFile)).toBe(true);
    const records = JSON.parse(readFileSync(recordsFile as string, 'utf8')) as { deployments: { environment: string; payload: { shipgate: { kind: string } } }[] };
    const production = records.deployments.filter((d) => d.environment === 'production').map((d) => d.payload.shipgate.kind);
    expect(production.sort()).toEqual(['canary', 'canary', 'deploy', 'rollback']);
    // The final table lists the same deployments.
    expect(stdout).toMatch(/production\s+rollback\s+v2\s+[0-9a-f]{7}\s+success/);
    expect(stdout).toMatch(/production\s+canary\s+v3\s+[0-9a-f]{7}\s+failure\s+shipgate: rolled back/);

    // Nothing keeps running: no app answers on the ports the demo printed, no pid file is left.
    const urls = [...stdout.matchAll(/(?:reach it at|healthy at) (http:\/\/127\.0\.0\.1:\d+)/g)].map((m) => m[1] as string);
    expect(urls.length).toBeGreaterThanOrEqual(2);
    for (const url of urls) expect(await answers(url)).toBe(false);
    expect(readdirSync(demoDir as string).filter((file) => file.endsWith('.pid'))).toEqual([]);

    // The inherited GIT_DIR did not take the demo's commits, branches or settings into the
    // user's repository, and the CI step's outputs and summary were not written.
    expect(shell.state()).toEqual(before);
    expect(existsSync(shell.outputs)).toBe(false);
    expect(existsSync(join(shell.scratch, 'step-summary'))).toBe(false);

    // The table says why an old row is inactive, why the numbers jump, and how to clean up.
    expect(stdout).toMatch(/staging\s+deploy\s+v2\s+[0-9a-f]{7}\s+inactive\s+superseded by v3 \(#\d+\)/);
    expect(stdout).toContain('ids are shared with statuses');
    expect(stdout).toContain(`remove it with: rm -rf ${demoDir}`);
  }, 125_000);
});
