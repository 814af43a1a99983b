import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, scratchDir } from './helpers/run-action';

const cli = join(repoRoot, 'dist', 'cli', 'index.js');

function gitRepo(): { dir: string; head: string } {
  const dir = scratchDir('shipgate-cli-');
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, encoding: 'utf8' }).trim();
  git('init', '-q', '-b', 'develop');
  git('commit', '-q', '--allow-empty', '-m', 'one');
  return { dir, head: git('rev-parse', 'HEAD') };
}

/** The CLI outside Actions: no GitHub variables, so it records to the local file. */
const runCli = (args: string[], cwd: string) => {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GITHUB_') && !k.startsWith('INPUT_')));
  return spawnSync(process.execPath, [cli, ...args], { cwd, env, encoding: 'utf8', timeout: 30_000 });
};

describe('shipgate CLI (bundled)', () => {
  it('deploys HEAD and records it in .shipgate/records.json', () => {
    const { dir, head } = gitRepo();
    const result = runCli(['staging-deploy', '--command', 'node -e 0', '--version', 'v1'], dir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`sha=${head}`);
    expect(result.stdout).toContain('status=success');
    const records = JSON.parse(readFileSync(join(dir, '.shipgate', 'records.json'), 'utf8'));
    expect(records.deployments[0]).toMatchObject({ sha: head, environment: 'staging', payload: { shipgate: { kind: 'deploy', version: 'v1' } } });
    expect(records.deployments[0].statuses.map((s: { state: string }) => s.state)).toEqual(['in_progress', 'success']);
  });

  it('refuses an option the command does not have, with one line', () => {
    const { dir } = gitRepo();
    const result = runCli(['staging-deploy', '--command', 'true', '--enviroment', 'prod'], dir);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('unknown option --enviroment for staging-deploy');
  });

  it('runs the whole local demo and exits 0 when every stage behaved', () => {
    const result = spawnSync('npm', ['run', '-s', 'demo'], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
    expect(result.stdout).toContain('All stages behaved as expected.');
    expect(result.status).toBe(0);
  }, 130_000);
});
