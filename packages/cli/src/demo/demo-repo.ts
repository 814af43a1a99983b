import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ShipgateError } from '@shipgate/core';
import type { DemoBehaviour } from './demo-app-server';
import { demoEnvironment } from './demo-environment';

export interface DemoRelease {
  version: string;
  /** The release's commit on develop (what staging deploys). */
  sha: string;
  /** main's --no-ff merge of it (what production runs): another sha, the same tree. */
  mainSha: string;
  behaviour: DemoBehaviour;
}

/**
 * A real git repository for the demo: `develop` with three releases (v1, v2 good; v3 flaky), each
 * merged into `main` with --no-ff right after it, so the gate must recognise each by its tree.
 */
export function createDemoRepo(dir: string): DemoRelease[] {
  // The user's own git settings (signing, hooks) must not stop a throwaway repository, and an
  // inherited GIT_DIR must not point its commits at the user's repository: demoEnvironment.
  const settings = ['user.name=shipgate demo', 'user.email=demo@shipgate.invalid', 'commit.gpgsign=false', 'core.hooksPath=/dev/null'].flatMap((setting) => ['-c', setting]);
  const env = demoEnvironment(process.env);
  const git = (...args: string[]) => execFileSync('git', [...settings, ...args], { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  git('init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'README.md'), '# demo app\n');
  git('add', '.');
  git('commit', '-q', '-m', 'initial');
  git('branch', 'develop');
  const releases: DemoRelease[] = [];
  const plan: [string, DemoBehaviour][] = [['v1', 'healthy'], ['v2', 'healthy'], ['v3', 'flaky']];
  for (const [version, behaviour] of plan) {
    git('checkout', '-q', 'develop');
    writeFileSync(join(dir, 'app.json'), `${JSON.stringify({ version, behaviour }, null, 2)}\n`);
    git('add', 'app.json');
    git('commit', '-q', '-m', `release ${version}`);
    const sha = git('rev-parse', 'HEAD');
    git('checkout', '-q', 'main');
    git('merge', '-q', '--no-ff', '-m', `Merge develop (${version}) into main`, sha);
    releases.push({ version, behaviour, sha, mainSha: git('rev-parse', 'HEAD') });
  }
  git('checkout', '-q', 'develop');
  return releases;
}

/** The demo builds a real repository: without git on PATH it says so in one line. */
export function requireGit(): void {
  try {
    execFileSync('git', ['--version'], { env: demoEnvironment(process.env), stdio: 'ignore' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ShipgateError('the demo needs git on PATH (it builds a real git repository); install git and run it again');
    throw error;
  }
}

/** The release a commit belongs to (its develop commit or main's merge of it), for the demo's table. */
export function releaseOf(releases: readonly DemoRelease[], sha: string): DemoRelease | undefined {
  return releases.find((release) => release.sha === sha || release.mainSha === sha);
}
