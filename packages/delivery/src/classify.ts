import type { RecordedDeployment } from '@shipgate/records';

/**
 * What one shipgate record counts as (README "How records map to the figures"):
 * - `succeeded`: reached `success` and was never given `failure`/`error` (superseded later by
 *   `inactive` is still a success, as the gate reads it);
 * - `rolled-back`: reached `success`, then `failure`/`error` (the rollback action marks what it
 *   undid "shipgate: rolled back: …"), or named by a successful rollback's `rolled_back_deployment`;
 * - `aborted`: a canary that ended `failure` without reaching success;
 * - `failed`: a deploy (or rollback) that ended `failure` or `error` without success (the
 *   command or health check failed, or the rollout was interrupted: GitHub or the router failed,
 *   the job ended mid-canary — a deployment that failed to deploy is a failed deployment);
 * - `stopped`: ended without success and without a verdict on the change: a canary stopped for
 *   lack of data, or a deploy or canary cancelled. Not shown to be bad, nor good: counted apart
 *   (`stops`), out of the change failure rate like `unfinished`;
 * - `unfinished`: no end state yet (in progress, or left open by a runner that died and was
 *   superseded): counted nowhere, its outcome is unknown.
 */
export type Outcome = 'succeeded' | 'rolled-back' | 'aborted' | 'failed' | 'stopped' | 'unfinished';

/** Why a deployment ended without success other than a verdict against the change. */
export type Stop = 'no-data' | 'cancelled' | 'interrupted';
export type Kind = 'deploy' | 'canary' | 'rollback';

export interface ClassifiedDeployment {
  id: number;
  sha: string;
  kind: Kind;
  createdAtMs: number;
  outcome: Outcome;
  /** When it first reached `success`. */
  successAtMs?: number;
  /** For a deployment that ended without success: when that end was not a verdict on the change. */
  stop?: Stop;
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
    const stop = successes.length === 0 && failed ? stopOf(record.statuses) : undefined;
    const outcome: Outcome =
      successes.length > 0
        ? failed ? 'rolled-back' : 'succeeded'
        : failed ? (stop === 'no-data' || stop === 'cancelled' ? 'stopped' : kind === 'canary' ? 'aborted' : 'failed') : 'unfinished';
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
      ...(stop ? { stop } : {}),
    });
  }
  // A rollback whose marking of the bad deployment failed still undid it. (A rollback undone
  // by a later rollback is not a change: it did restore service when it succeeded.)
  for (const deployment of deployments) {
    if (isChange(deployment) && deployment.outcome === 'succeeded' && undoneBySuccessfulRollback.has(deployment.id)) deployment.outcome = 'rolled-back';
  }
  deployments.sort((a, b) => a.createdAtMs - b.createdAtMs || a.id - b.id);
  return { deployments, notShipgate, transient };
}

/**
 * The stop a final `failure`/`error` status describes, from the descriptions shipgate's actions
 * write (packages/canary rollout-session.ts and close-after-job.ts, packages/deploy deploy.ts):
 * "canary stopped, not enough data" is no-data; "canary cancelled", "cancelled while…/during…"
 * are cancelled; any other `error` (the job ended mid-canary, GitHub, the router or the metric
 * source failed mid-rollout) is interrupted. A `failure` that is not a no-data stop is a verdict.
 */
function stopOf(statuses: readonly { state: string; description: string }[]): Stop | undefined {
  const ends = statuses.filter((s) => s.state === 'failure' || s.state === 'error');
  if (ends.some((s) => /^shipgate: canary stopped, not enough data/.test(s.description))) return 'no-data';
  if (ends.some((s) => /^shipgate: (canary cancelled|cancelled )/.test(s.description))) return 'cancelled';
  if (ends.length > 0 && ends.every((s) => s.state === 'error')) return 'interrupted';
  return undefined;
}

/** A change reaching users: deploy and canary records. A rollback restores code already delivered. */
export const isChange = (d: ClassifiedDeployment) => d.kind !== 'rollback';
/** Has an outcome the rates count: not unfinished, not stopped without a verdict. */
export const hasVerdict = (d: ClassifiedDeployment) => d.outcome !== 'unfinished' && d.outcome !== 'stopped';
export const isChangeFailure = (d: ClassifiedDeployment) => d.outcome === 'failed' || d.outcome === 'aborted' || d.outcome === 'rolled-back';
