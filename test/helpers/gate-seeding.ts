import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { Emulator } from '../emulator';

const MINUTE = 60_000;
const fakeSha = (label: string) => createHash('sha1').update(label).digest('hex');

/**
 * What staging-deploy and smoke-test leave behind for one commit: a deployment with the
 * shipgate payload (tree included), in_progress → success, and the smoke-test commit status.
 */
export function seedPassedDeployment(
  emulator: Emulator,
  commit: { sha: string; tree: string },
  options: { environment?: string; successAt?: Date; smoke?: 'success' | 'failure' | 'none'; laterFailure?: string; version?: string } = {},
) {
  const environment = options.environment ?? 'staging';
  const successAt = options.successAt ?? new Date(Date.now() - 60 * MINUTE);
  const deployment = emulator.seedDeployment({
    sha: commit.sha,
    environment,
    productionEnvironment: environment === 'production',
    payload: { shipgate: { kind: 'deploy', version: options.version ?? commit.sha.slice(0, 7), ref: commit.sha, tree: commit.tree } },
    createdAt: new Date(successAt.getTime() - 2 * MINUTE),
    statuses: [
      { state: 'in_progress', createdAt: new Date(successAt.getTime() - 2 * MINUTE), description: 'shipgate: deploying' },
      { state: 'success', createdAt: successAt, description: 'shipgate: deployed', logUrl: 'https://github.com/acme/app/actions/runs/77' },
      ...(options.laterFailure ? [{ state: 'failure' as const, createdAt: new Date(successAt.getTime() + MINUTE), description: options.laterFailure }] : []),
    ],
  });
  const smoke = options.smoke ?? 'success';
  if (smoke !== 'none') {
    emulator.seedCommitStatus({
      sha: commit.sha,
      state: smoke,
      context: `shipgate/smoke-test (${environment})`,
      description: smoke === 'success' ? 'smoke: 40/40 ok' : 'smoke: 3/40 failed',
      targetUrl: 'https://github.com/acme/app/actions/runs/78',
      createdAt: new Date(successAt.getTime() + 30_000),
    });
  }
  return deployment;
}

/**
 * `count` older staging deployments of other code, the way a busy repository accumulates them:
 * each succeeded and was then superseded (inactive). All older than `before`. Mixed kinds:
 * every other one has no shipgate payload (made by an `environment:` job or another tool).
 * Their commits are added to the emulator's git data, so GitHub knows their trees.
 */
export function seedStagingHistory(emulator: Emulator, count: number, before: Date = new Date(Date.now() - 2 * 60 * MINUTE)) {
  for (let i = 0; i < count; i++) {
    const at = new Date(before.getTime() - (count - i) * 10 * MINUTE);
    const tree = fakeSha(`tree-${i}`);
    const sha = emulator.addCommit({ sha: fakeSha(`history-${i}`), tree, parents: [], message: `history ${i}`, date: at });
    emulator.seedDeployment({
      sha,
      ref: i % 2 === 0 ? sha : 'develop',
      environment: 'staging',
      payload: i % 2 === 0 ? { shipgate: { kind: 'deploy', version: sha.slice(0, 7), ref: sha, tree } } : {},
      createdAt: at,
      statuses: [
        { state: 'success', createdAt: at },
        { state: 'inactive', createdAt: new Date(at.getTime() + 10 * MINUTE) },
      ],
    });
  }
}

/**
 * A staging deployment as a workflow job with `environment: staging` (or another deploy tool)
 * leaves it: no shipgate payload at all, the branch as its ref, success; plus the smoke test's
 * commit status unless `smoke: 'none'`.
 */
export function seedPlainDeployment(
  emulator: Emulator,
  sha: string,
  options: { environment?: string; ref?: string; successAt?: Date; smoke?: 'success' | 'failure' | 'none'; laterFailure?: string } = {},
) {
  const environment = options.environment ?? 'staging';
  const successAt = options.successAt ?? new Date(Date.now() - 60 * MINUTE);
  const deployment = emulator.seedDeployment({
    sha,
    ref: options.ref ?? 'develop',
    environment,
    productionEnvironment: environment === 'production',
    payload: {},
    createdAt: new Date(successAt.getTime() - 2 * MINUTE),
    statuses: [
      { state: 'in_progress', createdAt: new Date(successAt.getTime() - 2 * MINUTE) },
      { state: 'success', createdAt: successAt, logUrl: 'https://github.com/acme/app/actions/runs/91' },
      ...(options.laterFailure ? [{ state: 'failure' as const, createdAt: new Date(successAt.getTime() + MINUTE), description: options.laterFailure }] : []),
    ],
  });
  if ((options.smoke ?? 'success') !== 'none') {
    emulator.seedCommitStatus({
      sha,
      state: options.smoke === 'failure' ? 'failure' : 'success',
      context: `shipgate/smoke-test (${environment})`,
      description: options.smoke === 'failure' ? 'smoke: 3/40 failed' : 'smoke: 40/40 ok',
      targetUrl: 'https://github.com/acme/app/actions/runs/92',
      createdAt: new Date(successAt.getTime() + 30_000),
    });
  }
  return deployment;
}

/**
 * A successful staging deployment of `commit` whose shipgate payload claims `claimedTree`, a
 * tree that commit does not have: what a payload written by hand, or by a buggy tool, says.
 */
export function seedLyingDeployment(emulator: Emulator, commit: { sha: string }, claimedTree: string, successAt: Date = new Date(Date.now() - 30 * MINUTE)) {
  return seedPassedDeployment(emulator, { sha: commit.sha, tree: claimedTree }, { successAt });
}

/** A production rollback as the rollback action records it: the bad deployment marked, and a rollback deployment. */
export function seedRollback(
  emulator: Emulator,
  bad: { sha: string; tree: string },
  good: { sha: string; tree: string },
  reason: string,
  at: Date = new Date(Date.now() - 30 * MINUTE),
) {
  const badDeployment = seedPassedDeployment(emulator, bad, { environment: 'production', successAt: new Date(at.getTime() - 10 * MINUTE), smoke: 'none', laterFailure: `shipgate: rolled back: ${reason}` });
  const rollback = seedRollbackRecord(emulator, bad.sha, good, reason, { at });
  return { badDeployment, rollback };
}

/**
 * Only the rollback deployment (no `rolled_back_tree`), as seedRollback writes it: what remains
 * in view once the bad deployment has left the target's newest 100, or when the rollback failed
 * (`state: 'failure'`, the bad deployment never marked).
 */
export function seedRollbackRecord(
  emulator: Emulator,
  badSha: string,
  good: { sha: string },
  reason: string,
  options: { at?: Date; state?: 'success' | 'failure'; version?: string } = {},
) {
  const at = options.at ?? new Date(Date.now() - 30 * MINUTE);
  const failed = options.state === 'failure';
  return emulator.seedDeployment({
    sha: good.sha,
    environment: 'production',
    productionEnvironment: true,
    payload: { shipgate: { kind: 'rollback', version: options.version ?? good.sha.slice(0, 7), rolled_back_from: badSha, reason } },
    createdAt: at,
    statuses: [
      { state: 'in_progress', createdAt: at, description: 'shipgate: rolling back' },
      { state: failed ? 'failure' : 'success', createdAt: new Date(at.getTime() + MINUTE), description: failed ? 'shipgate: rollback failed: command not found' : `shipgate: rolled back to ${good.sha.slice(0, 7)}` },
    ],
  });
}

/** `count` commits git knows (trees included) that no deployment names: code rolled back long ago. */
export function addUnknownCommits(emulator: Emulator, count: number, label = 'rolled-back'): string[] {
  return Array.from({ length: count }, (_, i) =>
    emulator.addCommit({ sha: fakeSha(`${label}-${i}`), tree: fakeSha(`${label}-tree-${i}`), parents: [], message: `${label} ${i}` }),
  );
}

/** One deployment for writeLocalRecords: what a tool other than shipgate may have recorded. */
export interface LocalDeploymentSeed {
  sha: string;
  environment?: string;
  /** The whole payload; `{}` (no shipgate key) by default, as an `environment:` job leaves it. */
  payload?: Record<string, unknown>;
  /** Oldest first; `success` by default. */
  statuses?: { state: 'in_progress' | 'success' | 'failure' | 'inactive'; description?: string }[];
  /** Commit status contexts that passed on the sha (the smoke test's, by default). */
  passedContexts?: string[];
}

/**
 * A local records file (the CLI's and the demo's backend) holding deployments written by
 * other tools: LocalRecords.createDeployment always writes a shipgate payload, so deployments
 * without one are written into the file directly, in its documented format.
 */
export function writeLocalRecords(file: string, seeds: readonly LocalDeploymentSeed[]): { ids: number[] } {
  let nextId = 1;
  const base = Date.now() - 2 * 60 * MINUTE;
  const commitStatuses: Record<string, { context: string; state: 'success'; createdAt: string }[]> = {};
  const deployments = seeds.map((seed, index) => {
    const environment = seed.environment ?? 'staging';
    const at = (minutes: number) => new Date(base + index * 5 * MINUTE + minutes * MINUTE).toISOString();
    const id = nextId++;
    for (const context of seed.passedContexts ?? [`shipgate/smoke-test (${environment})`]) {
      (commitStatuses[seed.sha] ??= []).push({ context, state: 'success', createdAt: at(2) });
    }
    return {
      id,
      sha: seed.sha,
      ref: seed.sha,
      environment,
      createdAt: at(0),
      payload: seed.payload ?? {},
      productionEnvironment: environment === 'production',
      transientEnvironment: false,
      statuses: (seed.statuses ?? [{ state: 'success' }]).map((status, n) => ({ id: nextId++, state: status.state, description: status.description ?? '', createdAt: at(1 + n * 0.1) })),
    };
  });
  writeFileSync(file, `${JSON.stringify({ version: 1, nextId, deployments, commitStatuses }, null, 2)}\n`);
  return { ids: deployments.map((d) => d.id) };
}
