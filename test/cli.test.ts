import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
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
