import type { Emulator } from './emulator';

const HOUR = 3_600_000;
/** Deployments are 7.2 h apart by default: 300 of them fill 90 days exactly. */
export const SPACING_MS = 7.2 * HOUR;
const DAY = 24 * HOUR;

/**
 * A production history built from blocks of 10 deployments, 7.2 h apart, oldest first:
 *
 *   pos 0–5  deploy, `success` 30 min after it was created                    (6 good)
 *   pos 6    deploy, `failure` (health check failed)                          (failed)
 *   pos 7    deploy, `success` at +30 min, then `failure` "shipgate: rolled back" when pos 8 succeeds
 *   pos 8    rollback record (kind rollback) restoring pos 5's sha, `success` at +12 min
 *   pos 9    canary, `failure` (aborted)                                      (aborted)
 *
 * Every deploy and canary adds two commits on top of the previous one's (one linear history),
 * committed 3 h and 1 h before its deployment was created; a rollback adds none. Before the
 * window: one good deployment 7.2 h before the first block (the base of the first comparison),
 * and `older` more good deployments before it, a day apart (history the metrics must not read).
 * Extra records, ignored by the figures: one deployment GitHub made for a job's `environment:`
 * (no shipgate payload) and one deploy left `in_progress`, created after the last block.
 */
export interface SeededHistory {
  /** Timestamps are whole seconds, as GitHub prints them. */
  firstAtMs: number;
  deployments: number;
}

export function seedDeliveryHistory(emulator: Emulator, options: { blocks: number; older?: number; now?: number; environment?: string; spacingMs?: number }): SeededHistory {
  const environment = options.environment ?? 'production';
  const now = options.now ?? Date.now();
  const spacing = options.spacingMs ?? SPACING_MS;
  const windowMs = options.blocks * 10 * spacing;
  // One hour inside the window (ending `now`), so the run a few seconds later still sees it all.
  const firstAtMs = Math.floor((now - windowMs + HOUR) / 1000) * 1000;
  const at = (ms: number) => new Date(ms);
  let head = emulator.addCommit({ tree: 't0', parents: [], message: 'base', date: at(firstAtMs - spacing - HOUR) });
  const commitOnTop = (createdMs: number) => {
    for (const hoursBefore of [3, 1]) {
      head = emulator.addCommit({ tree: `t-${createdMs}-${hoursBefore}`, parents: [head], message: `change ${hoursBefore}h before`, date: at(createdMs - hoursBefore * HOUR) });
    }
    return head;
  };
  const seed = (sha: string, createdMs: number, kind: 'deploy' | 'canary' | 'rollback', statuses: { state: 'in_progress' | 'success' | 'failure'; atMs: number; description?: string }[], extra: Record<string, unknown> = {}) =>
    emulator.seedDeployment({
      sha,
      environment,
      productionEnvironment: true,
      createdAt: at(createdMs),
      payload: { shipgate: { kind, version: sha.slice(0, 7), ref: sha, ...extra } },
      statuses: [{ state: 'in_progress', createdAt: at(createdMs), description: 'shipgate: deploying' }, ...statuses.map((s) => ({ state: s.state, createdAt: at(s.atMs), description: s.description ?? `shipgate: ${s.state}` }))],
    });
  const good = (sha: string, createdMs: number, kind: 'deploy' | 'rollback' = 'deploy', extra: Record<string, unknown> = {}) =>
    seed(sha, createdMs, kind, [{ state: 'success', atMs: createdMs + (kind === 'rollback' ? 12 * 60_000 : 30 * 60_000) }], extra);

  const baseSha = head;
  for (let n = (options.older ?? 0); n >= 1; n--) good(baseSha, firstAtMs - spacing - n * DAY);
  good(baseSha, firstAtMs - spacing);

  let count = 0;
  for (let block = 0; block < options.blocks; block++) {
    const t = (pos: number) => firstAtMs + (block * 10 + pos) * spacing;
    let pos5Sha = '';
    for (let pos = 0; pos <= 5; pos++) {
      const sha = commitOnTop(t(pos));
      good(sha, t(pos));
      if (pos === 5) pos5Sha = sha;
    }
    seed(commitOnTop(t(6)), t(6), 'deploy', [{ state: 'failure', atMs: t(6) + 20 * 60_000, description: 'shipgate: health check failed' }]);
    const rolledBackSha = commitOnTop(t(7));
    const rolledBack = seed(rolledBackSha, t(7), 'deploy', [
      { state: 'success', atMs: t(7) + 30 * 60_000 },
      { state: 'failure', atMs: t(8) + 12 * 60_000, description: 'shipgate: rolled back: error rate 4%' },
    ]);
    good(pos5Sha, t(8), 'rollback', { rolled_back_from: rolledBackSha, rolled_back_deployment: rolledBack.id, reason: 'error rate 4%' });
    seed(commitOnTop(t(9)), t(9), 'canary', [{ state: 'failure', atMs: t(9) + 25 * 60_000, description: 'shipgate: canary aborted at 10%' }]);
    count += 10;
  }
  // Ignored by every figure.
  emulator.seedDeployment({ sha: baseSha, environment, createdAt: at(firstAtMs + spacing / 2), payload: {}, statuses: [{ state: 'success', createdAt: at(firstAtMs + spacing / 2) }] });
  seed(commitOnTop(firstAtMs + (options.blocks * 10 - 0.5) * spacing), firstAtMs + (options.blocks * 10 - 0.5) * spacing, 'deploy', []);
  return { firstAtMs, deployments: count };
}
