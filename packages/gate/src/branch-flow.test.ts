import { describe, expect, it } from 'vitest';
import { checkBranchFlow } from './branch-flow';
import type { GateEvent } from './types';

const pr = (headRepo: string | undefined): GateEvent => ({
  name: 'pull_request',
  pullRequest: { number: 7, headRef: 'develop', headSha: 'a'.repeat(40), baseRef: 'main', headRepo, baseRepo: 'acme/app' },
});

describe('checkBranchFlow', () => {
  it('lets develop of this repository into main', () => {
    expect(checkBranchFlow(pr('acme/app'), ['develop'])).toMatchObject({ passed: true });
  });

  it("refuses a fork's branch named develop", () => {
    expect(checkBranchFlow(pr('mallory/app'), ['develop'])).toMatchObject({ passed: false, detail: expect.stringContaining('comes from the fork mallory/app') });
  });

  it('refuses a pull request whose head repository is gone (a deleted fork)', () => {
    expect(checkBranchFlow(pr(undefined), ['develop'])).toMatchObject({ passed: false, detail: expect.stringContaining('has no repository') });
  });
});
