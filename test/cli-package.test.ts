import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, scratchDir } from './helpers/run-action';

/**
 * The CLI as a user outside this repository gets it: `npm pack` of the staged package, installed
 * from the tarball (offline: it has no dependencies) into an empty project in the temp folder.
 */
describe('the packed CLI, installed in an empty folder outside the repository', () => {
  const dirs: string[] = [];
  let project = '';
  // No GitHub variables: the CLI records to the local file, as on a developer's machine.
  // Offline: the test must prove the tarball is enough, never reach a registry.
  const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GITHUB_') && !k.startsWith('INPUT_') && !k.startsWith('npm_'))), npm_config_offline: 'true' };
  // Exactly what a user types: npx finds the installed package's `bin`.
  const shipgate = (...args: string[]) => spawnSync('npx', ['shipgate', ...args], { cwd: project, env, encoding: 'utf8', timeout: 60_000 });

  beforeAll(() => {
    const out = scratchDir('shipgate-cli-tarball-');
    project = scratchDir('shipgate-cli-consumer-');
    dirs.push(out, project);
    expect(relative(repoRoot, project).startsWith('..')).toBe(true);
    // The bundle in dist/cli as built (npm test builds it first); packing must not rebuild it.
    const printed = execFileSync(process.execPath, [join(repoRoot, 'scripts', 'pack-cli.mjs'), '--no-build', '--out', out], { cwd: repoRoot, encoding: 'utf8' });
    const tarball = printed.trim().split('\n').at(-1) as string;
    expect(existsSync(tarball)).toBe(true);
    writeFileSync(join(project, 'package.json'), '{ "name": "consumer", "version": "1.0.0", "private": true }\n');
    execFileSync('npm', ['install', '-D', '--offline', '--no-audit', '--no-fund', tarball], { cwd: project, env, encoding: 'utf8', timeout: 60_000 });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: project, encoding: 'utf8' }).trim();
    git('init', '-q', '-b', 'main');
    git('add', 'package.json');
    git('commit', '-q', '-m', 'one');
  }, 120_000);

  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('installs with no dependencies of its own', () => {
    const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
    expect(Object.keys(lock.packages).filter((path) => path !== '')).toEqual(['node_modules/@shipgate/cli']);
  });

  it('runs `npx shipgate --help`', () => {
    const result = shipgate('--help');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('usage: shipgate <command>');
    expect(result.stdout).toMatch(/^ {2}staging-deploy +Deploy a commit/m);
  });

  it('deploys HEAD locally and records it in .shipgate/records.json of that folder', () => {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: project, encoding: 'utf8' }).trim();
    const result = shipgate('staging-deploy', '--command', 'node -e 0', '--version', 'v1');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('status=success');
    expect(result.stdout).toMatch(/^Result +✅ success: v1 deployed to staging$/m);
    const records = JSON.parse(readFileSync(join(project, '.shipgate', 'records.json'), 'utf8'));
    expect(records.deployments[0]).toMatchObject({ sha: head, environment: 'staging', payload: { shipgate: { kind: 'deploy', version: 'v1' } } });
    expect(records.deployments[0].statuses.map((s: { state: string }) => s.state)).toEqual(['in_progress', 'success']);
  });
});
