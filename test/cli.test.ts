import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { bundleNode, repoRoot, scratchDir } from './helpers/run-action';

const cli = join(repoRoot, 'dist', 'cli', 'index.js');

function gitRepo(): { dir: string; head: string } {
  const dir = scratchDir('shipgate-cli-');
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, encoding: 'utf8' }).trim();
  git('init', '-q', '-b', 'develop');
  git('commit', '-q', '--allow-empty', '-m', 'one');
  return { dir, head: git('rev-parse', 'HEAD') };
}

/** The CLI outside Actions: no GitHub variables, so it records to the local file. */
const runCli = (args: string[], cwd: string, extraEnv: Record<string, string> = {}) => {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GITHUB_') && !k.startsWith('INPUT_')));
  return spawnSync(bundleNode, [cli, ...args], { cwd, env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 30_000 });
};
const recordsFile = (dir: string) => join(dir, '.shipgate', 'records.json');

describe('shipgate CLI (bundled)', () => {
  it('deploys HEAD, records it in .shipgate/records.json, and shows the summary as text', () => {
    const { dir, head } = gitRepo();
    const result = runCli(['staging-deploy', '--command', 'node -e 0', '--version', 'v1'], dir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`sha=${head}`);
    expect(result.stdout).toContain('status=success');
    expect(result.stdout).toMatch(new RegExp(`^Commit +${head}$`, 'm'));
    expect(result.stdout).toMatch(/^Result +✅ success: v1 deployed to staging$/m);
    expect(result.stdout).not.toMatch(/<t[dr]>|\|---|<code>/);
    const records = JSON.parse(readFileSync(recordsFile(dir), 'utf8'));
    expect(records.deployments[0]).toMatchObject({ sha: head, environment: 'staging', payload: { shipgate: { kind: 'deploy', version: 'v1' } } });
    expect(records.deployments[0].statuses.map((s: { state: string }) => s.state)).toEqual(['in_progress', 'success']);
  });

  it('writes the Markdown summary to GITHUB_STEP_SUMMARY when it is set, and exits 1 when the deploy fails', () => {
    const { dir } = gitRepo();
    const summary = join(dir, 'summary.md');
    const result = runCli(['staging-deploy', '--command', 'node -e "process.exit(3)"'], dir, { GITHUB_STEP_SUMMARY: summary });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('error: staging-deploy: deploy of');
    expect(result.stdout).toMatch(/^Result +❌ failure: command exited with code 3/m);
    expect(readFileSync(summary, 'utf8')).toMatch(/^### ❌ shipgate deploy to staging\n\n<table>/);
  });

  it.each([['--help'], ['-h'], ['help']])('%s prints the usage and exits 0', (flag) => {
    const result = runCli([flag], repoRoot);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('usage: shipgate <command>');
    expect(result.stdout).toMatch(/^ {2}staging-deploy +Deploy a commit/m);
  });

  it('shipgate alone prints the usage as a mistake: exit 2, on stderr', () => {
    const result = runCli([], repoRoot);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('usage: shipgate <command>');
  });

  it.each([['--version'], ['-V']])('%s prints the version', (flag) => {
    const result = runCli([flag], repoRoot);
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(JSON.parse(readFileSync(join(repoRoot, 'packages', 'cli', 'package.json'), 'utf8')).version);
  });

  it('<command> --help lists every input of action.yml with its default and description', () => {
    const action = parse(readFileSync(join(repoRoot, 'actions', 'staging-deploy', 'action.yml'), 'utf8')) as { inputs: Record<string, { description: string; default?: string }> };
    const result = runCli(['staging-deploy', '--help'], repoRoot);
    expect(result.status).toBe(0);
    const help = result.stdout.replace(/\n {6}/g, ' ');
    for (const [name, spec] of Object.entries(action.inputs)) {
      expect(help).toContain(`--${name} <value>`);
      expect(help).toContain(spec.description.trim().split(/\s+/).join(' '));
    }
    expect(help).toContain('--health-timeout <value>    (default "2m")');
    expect(help).toContain('--command <value>    (required)');
  });

  it('demo --help prints the demo help instead of running the demo', () => {
    const result = runCli(['demo', '--help'], repoRoot);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^usage: shipgate demo\n/);
    expect(result.stdout).not.toContain('All stages');
  });

  it('refuses a flag without a value with exit 2 and creates no deployment (it once ran `true` and recorded a success)', () => {
    const { dir } = gitRepo();
    const result = runCli(['staging-deploy', '--command'], dir);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe("error: staging-deploy: --command needs a value, e.g. --command <value> (a value starting with '-' is written --command=-value)");
    expect(result.stdout).toBe('');
    expect(existsSync(recordsFile(dir))).toBe(false);
  });

  it.each([
    [['--command', 'node -e 0', '--command', 'node -e 1'], '--command is given more than once'],
    [['--command', 'node -e 0', '--health-timeout', '2', 'minutes'], `unexpected word 'minutes' after --health-timeout 2; a value with spaces is quoted: --health-timeout "2 minutes"`],
    [['--command', 'node -e 0', '--enviroment', 'prod'], 'unknown option --enviroment; did you mean --environment?'],
    [['--command', './deploy.sh {shaa}'], "Input 'command' must be a command to run, e.g. ./deploy.sh {sha}; it uses the unknown placeholder {shaa}; the placeholders are {sha} {ref} {version} {environment}"],
  ])('refuses %j with one line naming the problem, exit 2, nothing recorded', (args, problem) => {
    const { dir } = gitRepo();
    const result = runCli(['staging-deploy', ...args], dir);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(problem);
    expect(existsSync(recordsFile(dir))).toBe(false);
  });

  it('refuses an unknown command, naming the closest one', () => {
    const result = runCli(['staging-deply'], repoRoot);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown command 'staging-deply'; did you mean 'staging-deploy'?");
  });

  it('runs the whole local demo and exits 0 when every stage behaved', () => {
    const result = spawnSync('npm', ['run', '-s', 'demo'], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
    expect(result.stdout).toContain('All stages behaved as expected.');
    expect(result.status).toBe(0);
  }, 130_000);
});

/** A port nothing listens on: bound, then closed. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** An app in its own process (the CLI runs synchronously): 200 on /, 500 anywhere else. */
async function startApp(): Promise<{ url: string; stop: () => void }> {
  const app = spawn(process.execPath, ['-e', `const s = require('node:http').createServer((q, r) => { r.statusCode = q.url === '/' ? 200 : 500; r.end('x'); }); s.listen(0, '127.0.0.1', () => console.log(s.address().port));`], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(app.stdout, 'data')) as [Buffer];
  return { url: `http://127.0.0.1:${line.toString().trim()}`, stop: () => app.kill() };
}

describe('shipgate CLI (bundled): exit codes, help and summaries', () => {
  it.each(['staging-deploy', 'staging-gate-check', 'smoke-test', 'canary-step', 'rollback', 'delivery-metrics', 'metrics'])('%s: <command> --help, --help <command> and help <command> show its help, exit 0', (command) => {
    const name = command === 'metrics' ? 'delivery-metrics' : command;
    const outputs = [[command, '--help'], ['--help', command], ['help', command]].map((args) => runCli(args, repoRoot));
    for (const result of outputs) {
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^usage: shipgate ${name} `, 'm'));
    }
    expect(outputs[1]?.stdout).toBe(outputs[0]?.stdout);
  });

  it.each([[['help', 'help']], [['help', '-h']]])('%j shows the general usage', (args) => {
    const result = runCli(args, repoRoot);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('usage: shipgate <command>');
  });

  it('shows the help when it is asked for, even with a flag missing its value', () => {
    const result = runCli(['staging-deploy', '--help', '--command'], repoRoot);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^usage: shipgate staging-deploy /m);
  });

  it("offers an alias in 'did you mean'", () => {
    const result = runCli(['metric'], repoRoot);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown command 'metric'; did you mean 'metrics'?");
  });

  it('metrics (the alias of delivery-metrics) reads the local records, names its report, and shows charts as one line each', () => {
    const { dir } = gitRepo();
    expect(runCli(['staging-deploy', '--command', 'node -e 0'], dir).status).toBe(0);
    const result = runCli(['metrics', '--environment', 'staging', '--report', 'out/dora.json'], dir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^shipgate delivery metrics: staging$/m);
    expect(result.stdout).toMatch(/^Deployment frequency +[\d.]+ \/ day/m);
    expect(result.stdout).toContain(`Report (JSON, every figure): ${join(dir, 'out', 'dora.json')}`);
    expect(result.stdout).toContain('(chart: Successful deploys per week — see the job summary on GitHub)');
    expect(result.stdout).not.toMatch(/```|xychart/);
    expect(JSON.parse(readFileSync(join(dir, 'out', 'dora.json'), 'utf8')).counts.deployments).toBe(1);
  });

  it.each([
    ['a malformed --checks', ['smoke-test', '--url', 'http://127.0.0.1:9', '--checks', '{bad'], "Input 'checks', line 1: not valid YAML or JSON"],
    ['--router command without --set-weight-command', ['canary-step', '--router', 'command', '--steps', '10,100', '--metrics-command', 'node -e 0'], "Input 'set-weight-command' is required when router is command"],
    ['an empty --metrics-command (no metric source)', ['canary-step', '--router', 'command', '--set-weight-command', 'true {weight}', '--steps', '10,100', '--metrics-command', ''], "Input 'canary-url' is required, or prometheus-url, or metrics-command"],
    ['a {{weight}}-only --set-weight-command', ['canary-step', '--router', 'command', '--set-weight-command', 'node router.mjs {{weight}}', '--steps', '10,100', '--metrics-command', 'node -e 0'], "Input 'set-weight-command' must contain {weight}"],
  ])('%s is bad input: exit 2, one line, nothing recorded', (_, args, problem) => {
    const { dir } = gitRepo();
    const result = runCli(args, dir);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining(problem)]);
    expect(result.status).toBe(2);
    expect(existsSync(recordsFile(dir))).toBe(false);
  });

  it('exits 1 when GitHub cannot be reached (an outside failure, not bad input)', async () => {
    const { dir } = gitRepo();
    const port = await deadPort();
    const result = runCli(['staging-gate-check', '--sha', 'HEAD'], dir, { GITHUB_TOKEN: 'test-token-not-a-secret', GITHUB_REPOSITORY: 'acme/app', GITHUB_API_URL: `http://127.0.0.1:${port}` });
    expect(result.stderr).toMatch(/^error: staging-gate-check: could not reach GitHub at http:\/\/127\.0\.0\.1:\d+/m);
    expect(result.status).toBe(1);
  }, 30_000);

  it('exits 1 when a smoke check fails', async () => {
    const { dir } = gitRepo();
    const app = await startApp();
    try {
      const result = runCli(['smoke-test', '--url', app.url, '--checks', '{"checks": [{"path": "/"}, {"path": "/broken"}]}', '--wait-timeout', '5s'], dir);
      expect(result.status).toBe(1);
      expect(result.stdout).toContain('passed=false');
    } finally {
      app.stop();
    }
  });

  it('a GITHUB_STEP_SUMMARY it cannot write is one warning, not a failure after a successful deploy', () => {
    const { dir } = gitRepo();
    const result = runCli(['staging-deploy', '--command', 'node -e 0'], dir, { GITHUB_STEP_SUMMARY: join(dir, 'no-such-dir', 'summary.md') });
    expect(result.status).toBe(0);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^warning: could not write the summary to GITHUB_STEP_SUMMARY \(.*no-such-dir\/summary\.md\): ENOENT$/)]);
    expect(result.stdout).toContain('status=success');
  });

  it("keeps the step's summary within GitHub's 1 MiB, as the actions do", () => {
    const { dir } = gitRepo();
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, 'x'.repeat(1024 * 1024 - 200));
    const result = runCli(['staging-deploy', '--command', 'node -e 0'], dir, { GITHUB_STEP_SUMMARY: summary });
    expect(result.status).toBe(0);
    expect(statSync(summary).size).toBeLessThanOrEqual(1024 * 1024);
    expect(readFileSync(summary, 'utf8')).toContain('This summary was cut');
  });
});
