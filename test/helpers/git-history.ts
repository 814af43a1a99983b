import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real git repository in a temp directory, for tests that need true merge commits, squash
 * merges and trees (served by the emulator's loadGitRepo, or read by the local backend).
 */
export class GitHistory {
  readonly dir = mkdtempSync(join(tmpdir(), 'shipgate-git-'));
  private clock = Date.parse('2026-01-05T09:00:00Z');

  constructor(initialBranch = 'main') {
    this.git('init', '-q', '-b', initialBranch);
    this.git('config', 'user.name', 'Test');
    this.git('config', 'user.email', 'test@example.test');
    this.git('config', 'commit.gpgsign', 'false');
  }

  git(...args: string[]): string {
    // A fixed, advancing clock: commits get distinct, reproducible dates.
    this.clock += 60_000;
    const date = new Date(this.clock).toISOString();
    return execFileSync('git', args, {
      cwd: this.dir,
      encoding: 'utf8',
      env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
    }).trim();
  }

  /** Writes the files and commits them on the current branch; returns the new sha. */
  commit(message: string, files: Record<string, string>): string {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(this.dir, name), content);
    this.git('add', '-A');
    this.git('commit', '-q', '-m', message);
    return this.sha('HEAD');
  }

  checkout(branch: string, options: { create?: boolean; from?: string } = {}): void {
    if (options.create) this.git('checkout', '-q', '-b', branch, ...(options.from ? [options.from] : []));
    else this.git('checkout', '-q', branch);
  }

  /** A true merge commit (`--no-ff`) of `branch` into the current branch. */
  mergeNoFf(branch: string): string {
    this.git('merge', '-q', '--no-ff', '-m', `Merge ${branch}`, branch);
    return this.sha('HEAD');
  }

  /** A squash merge of `branch` into the current branch: a new single-parent commit. */
  squashMerge(branch: string): string {
    this.git('merge', '-q', '--squash', branch);
    this.git('commit', '-q', '-m', `Squash ${branch}`);
    return this.sha('HEAD');
  }

  sha(ref: string): string {
    return this.git('rev-parse', `${ref}^{commit}`);
  }

  tree(ref: string): string {
    return this.git('rev-parse', `${ref}^{tree}`);
  }
}

/**
 * The promotion flow every gate test starts from:
 * main: C0 ── M (merge --no-ff of develop; same tree as D1)
 * develop:  └─ D1 (the code deployed to staging)
 * squash: from C0, a squash merge of develop: S (same tree as D1, one parent)
 * other:  from M, a commit never deployed anywhere: X
 * feature/x and hotfix/y: branches whose heads can be pull request heads.
 * hotfix/rebuilt: from C0, the develop change made again by hand: H, a different commit with
 *   exactly D1's tree.
 */
export function promotionHistory() {
  const repo = new GitHistory('main');
  const c0 = repo.commit('initial', { 'app.txt': 'v0\n', 'README': 'app\n' });
  repo.checkout('develop', { create: true });
  const d1 = repo.commit('feature: greet', { 'app.txt': 'v1\n' });
  repo.checkout('main');
  const merge = repo.mergeNoFf('develop');
  repo.checkout('squash', { create: true, from: c0 });
  const squash = repo.squashMerge('develop');
  repo.checkout('other', { create: true, from: merge });
  const unvalidated = repo.commit('untested change on main', { 'app.txt': 'v1-hot\n' });
  repo.checkout('feature/x', { create: true, from: d1 });
  const feature = repo.commit('feature x', { 'feature.txt': 'x\n' });
  repo.checkout('hotfix/y', { create: true, from: merge });
  const hotfix = repo.commit('hotfix y', { 'app.txt': 'v1.0.1\n' });
  repo.checkout('hotfix/rebuilt', { create: true, from: c0 });
  const hotfixSameTree = repo.commit('hotfix: the greet change, rebuilt', { 'app.txt': 'v1\n' });
  repo.checkout('main');
  return { repo, c0, d1, merge, squash, unvalidated, feature, hotfix, hotfixSameTree };
}
