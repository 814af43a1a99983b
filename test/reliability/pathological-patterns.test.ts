import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator';
import { seedPassedDeployment } from '../helpers/gate-seeding';
import { promotionHistory } from '../helpers/git-history';
import { runAction, scratchDir } from '../helpers/run-action';
import { observe } from './observe';
import { pullRequestEvent as writePullRequestEvent } from '../helpers/pull-request-event';

// staging-gate-check's `allowed-sources` patterns are matched in time proportional to
// pattern × branch: a pattern that made the former RegExp backtrack for minutes is answered at once.

let history: ReturnType<typeof promotionHistory>;
let emulator: Emulator;
let work: string;

beforeAll(() => {
  history = promotionHistory();
});
beforeEach(async () => {
  emulator = await startEmulator();
  await emulator.loadGitRepo(history.repo.dir);
  work = scratchDir('shipgate-patterns-');
});
afterEach(() => emulator.close());

const pullRequestEvent = (headRef: string, headSha: string) => writePullRequestEvent(work, { headRef, headSha, baseSha: history.merge });

describe('staging-gate-check with a pathological allowed-sources pattern', () => {
  it('refuses a 200-character branch against **a**a**a**a**a**a**a**a**b at once instead of hanging', async (ctx) => {
    seedPassedDeployment(emulator, { sha: history.feature, tree: history.repo.tree(history.feature) });
    const pattern = '**a**a**a**a**a**a**a**a**b';
    const branch = 'a'.repeat(200);

    const run = await runAction('staging-gate-check', {
      apiUrl: emulator.url,
      cwd: work,
      timeoutMs: 30_000,
      env: pullRequestEvent(branch, history.feature),
      inputs: { 'allowed-sources': pattern },
    });

    observe(ctx, {
      injected: `allowed-sources: ${pattern}; a pull request from a branch of 200 'a's`,
      observed: `exit ${run.exitCode}; reason: ${run.outputs.reason?.replace(branch, `<200 'a's>`)}`,
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.reason).toBe(
      `branch-flow: pull request from '${branch}' into 'main' is not allowed: the head branch matches none of allowed-sources (${pattern})`,
    );
  });
});
