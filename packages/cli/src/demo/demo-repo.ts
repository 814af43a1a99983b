import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DemoBehaviour } from './demo-app-server';

export interface DemoCommit {
  version: string;
  sha: string;
  behaviour: DemoBehaviour;
}

/**
 * A real git repository for the demo: `develop` with three releases (v1, v2 good; v3 broken)
 * and `main` where v2 is merged with --no-ff, so the gate must recognise v2 by its tree.
 */
export function createDemoRepo(dir: string): { commits: DemoCommit[]; mainMerge: string } {
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=shipgate demo', '-c', 'user.email=demo@shipgate.invalid', ...args], { cwd: dir, encoding: 'utf8' }).trim();
  git('init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'README.md'), '# demo app\n');
  git('add', '.');
  git('commit', '-q', '-m', 'initial');
  git('checkout', '-q', '-b', 'develop');
  const commits: DemoCommit[] = [];
  const releases: [string, DemoBehaviour][] = [['v1', 'healthy'], ['v2', 'healthy'], ['v3', 'broken']];
  for (const [version, behaviour] of releases) {
    writeFileSync(join(dir, 'app.json'), `${JSON.stringify({ version, behaviour }, null, 2)}\n`);
    git('add', 'app.json');
    git('commit', '-q', '-m', `release ${version}`);
    commits.push({ version, behaviour, sha: git('rev-parse', 'HEAD') });
    if (version === 'v2') git('branch', 'release-v2');
  }
  git('checkout', '-q', 'main');
  git('merge', '-q', '--no-ff', '-m', 'Merge develop (v2) into main', 'release-v2');
  const mainMerge = git('rev-parse', 'HEAD');
  git('checkout', '-q', 'develop');
  return { commits, mainMerge };
}
