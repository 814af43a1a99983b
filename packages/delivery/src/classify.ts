import type { RecordedDeployment } from '@shipgate/records';

/**
 * What one shipgate record counts as (README "How records map to the figures"):
 * - `succeeded`: reached `success` and was never given `failure`/`error` (superseded later by
 *   `inactive` is still a success, as the gate reads it);
 * - `rolled-back`: reached `success`, then `failure`/`error` (the rollback action marks what it
 *   undid "shipgate: rolled back: …"), or named by a successful rollback's `rolled_back_deployment`;
 * - `aborted`: a canary that ended `failure` without reaching success;
 * - `failed`: a deploy (or rollback) that ended `failure` or `error` (cancelled) without success;
 * - `unfinished`: no end state yet (in progress, or left open by a runner that died and was
 *   superseded): counted nowhere, its outcome is unknown.
 */
export type Outcome = 'succeeded' | 'rolled-back' | 'aborted' | 'failed' | 'unfinished';
export type Kind = 'deploy' | 'canary' | 'rollback';

export interface ClassifiedDeployment {
  id: number;
  sha: string;
  kind: Kind;
  createdAtMs: number;
  outcome: Outcome;
  /** When it first reached `success`. */
  successAtMs?: number;
}

export interface Classified {
  /** Shipgate's records, oldest first. */
  deployments: ClassifiedDeployment[];
  /** Records without a shipgate payload (GitHub's own for a job's `environment:`, other tools). */
  notShipgate: number;
  /** Records of a transient environment (previews): not deliveries to users. */
  transient: number;
}

const KINDS: readonly string[] = ['deploy', 'canary', 'rollback'];

export function classifyDeployments(records: readonly RecordedDeployment[]): Classified {
  let notShipgate = 0;
  let transient = 0;
  const deployments: ClassifiedDeployment[] = [];
  const undoneBySuccessfulRollback = new Set<number>();
  for (const record of records) {
    const payload = record.payload.shipgate;
    if (!payload || !KINDS.includes(payload.kind)) {
      notShipgate++;
      continue;
    }
    if (record.transientEnvironment) {
      transient++;
      continue;
    }
    const successes = record.statuses.filter((s) => s.state === 'success').map((s) => Date.parse(s.createdAt));
    const failed = record.statuses.some((s) => s.state === 'failure' || s.state === 'error');
    const kind = payload.kind as Kind;
    // Order-independent on purpose: statuses in the same second come back in any order, and
    // shipgate never turns a failed deployment into a successful one.
    const outcome: Outcome =
      successes.length > 0 ? (failed ? 'rolled-back' : 'succeeded') : failed ? (kind === 'canary' ? 'aborted' : 'failed') : 'unfinished';
    if (kind === 'rollback' && outcome === 'succeeded' && typeof payload.rolled_back_deployment === 'number') {
      undoneBySuccessfulRollback.add(payload.rolled_back_deployment);
    }
    deployments.push({
      id: record.id,
      sha: record.sha,
      kind,
      createdAtMs: Date.parse(record.createdAt),
      outcome,
      ...(successes.length > 0 ? { successAtMs: Math.min(...successes) } : {}),
    });
  }
  // A rollback whose marking of the bad deployment failed still undid it.
  for (const deployment of deployments) {
    if (deployment.outcome === 'succeeded' && undoneBySuccessfulRollback.has(deployment.id)) deployment.outcome = 'rolled-back';
  }
  deployments.sort((a, b) => a.createdAtMs - b.createdAtMs || a.id - b.id);
  return { deployments, notShipgate, transient };
}

/** A change reaching users: deploy and canary records. A rollback restores code already delivered. */
export const isChange = (d: ClassifiedDeployment) => d.kind !== 'rollback';
export const isFinished = (d: ClassifiedDeployment) => d.outcome !== 'unfinished';
export const isChangeFailure = (d: ClassifiedDeployment) => d.outcome === 'failed' || d.outcome === 'aborted' || d.outcome === 'rolled-back';
