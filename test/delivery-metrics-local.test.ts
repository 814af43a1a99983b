import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, scratchDir } from './helpers/run-action';

const HOUR = 3_600_000;
const cli = join(repoRoot, 'dist', 'cli', 'index.js');

/**
 * The CLI with no GitHub variables: records from .shipgate/records.json, commits from the local
 * git checkout (`git log base..head`). Times in hours before now:
 *   c1 committed 50 h ago  → D1 deploy created 48 h ago, success 47 h ago (first: no base)
 *   c2 30 h, c3 26 h       → D2 created 24 h, success 23 h    lead: c2 7 h, c3 3 h
 *   c4 12 h                → D3 created 10 h, failure 9.5 h   (failed)
 *   c5 6 h                 → D4 created 4 h, success 3 h      lead: c4 9 h, c5 3 h (D2..D4 skips D3)
 * Frequency 3 good / 30 days = 0.1 per day; failure rate 1/4; success rate 3/4; lead samples
 * 3, 3, 7, 9 → median (rank 2) 3 h, p90 (rank 4) 9 h; recovery D3 10 h ago → D4's success 3 h
 * ago = 7 h.
 */
describe('shipgate delivery-metrics on the local records file', () => {
  it('computes the figures from the file and git', () => {
    const dir = scratchDir('shipgate-dora-local-');
    const now = Math.floor(Date.now() / 1000) * 1000;
    const ago = (hours: number) => new Date(now - hours * HOUR).toISOString();
    const git = (args: string[], date?: string) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}) },
      }).trim();
    git(['init', '-q', '-b', 'main']);
    const commit = (hours: number) => (git(['commit', '-q', '--allow-empty', '-m', `${hours}h`], ago(hours)), git(['rev-parse', 'HEAD']));
    const c1 = commit(50);
    commit(30);
    const c3 = commit(26);
    const c4 = commit(12);
    const c5 = commit(6);
    let id = 1;
    const deployment = (sha: string, createdHours: number, end: [string, number][]) => ({
      id: id++,
      sha,
      ref: sha,
      environment: 'production',
      createdAt: ago(createdHours),
      payload: { shipgate: { kind: 'deploy', version: sha.slice(0, 7) } },
      productionEnvironment: true,
      transientEnvironment: false,
      statuses: [{ id: id++, state: 'in_progress', description: '', createdAt: ago(createdHours) }, ...end.map(([state, hours]) => ({ id: id++, state, description: '', createdAt: ago(hours) }))],
    });
    const deployments = [deployment(c1, 48, [['success', 47]]), deployment(c3, 24, [['success', 23]]), deployment(c4, 10, [['failure', 9.5]]), deployment(c5, 4, [['success', 3]])];
    mkdirSync(join(dir, '.shipgate'));
    writeFileSync(join(dir, '.shipgate', 'records.json'), JSON.stringify({ version: 1, nextId: id, deployments, commitStatuses: {} }));

    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GITHUB_') && !k.startsWith('INPUT_')));
    const result = spawnSync(process.execPath, [cli, 'delivery-metrics', '--since', '30d', '--report', 'dora.json'], { cwd: dir, env, encoding: 'utf8', timeout: 30_000 });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    for (const line of [
      'deployment-frequency=0.1',
      'change-failure-rate=0.25',
      'deployment-success-rate=0.75',
      'lead-time-median-hours=3',
      'lead-time-p90-hours=9',
      'recovery-time-median-hours=7',
      'rollback-frequency=0',
    ]) {
      expect(result.stdout).toContain(line);
    }
    const report = JSON.parse(readFileSync(join(dir, 'dora.json'), 'utf8'));
    expect(report.leadTime).toMatchObject({ changes: 4, comparisons: 2, withoutBase: [1] });
  });
});
