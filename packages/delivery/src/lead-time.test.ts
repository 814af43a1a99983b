import { describe, expect, it } from 'vitest';
import { OutsideFailure } from '@shipgate/core';
import type { CommitComparison } from '@shipgate/records';
import type { ClassifiedDeployment } from './classify';
import { LEAD_TIME_LIMITS, leadTimes } from './lead-time';

const deployment = (id: number): ClassifiedDeployment => ({ id, sha: `sha${id}`, kind: 'deploy', createdAtMs: id * 1000, successAtMs: id * 1000 + 10, outcome: 'succeeded' });
const base = deployment(0);
const successes = [1, 2, 3, 4, 5, 6].map(deployment);
const oneCommit = (head: string): CommitComparison => ({ commits: [{ sha: `c-${head}`, committedAt: new Date(0).toISOString() }], totalCommits: 1 });

describe('lead time comparisons that fail or run out of budget', () => {
  it('a failed compare leaves that deployment out, says why, and the others are still measured', async () => {
    const lead = await leadTimes(successes, base, async (_b, head) => {
      if (head === 'sha3') throw new OutsideFailure('GitHub failed to compare sha2...sha3: it answered 502');
      return oneCommit(head);
    });
    expect(lead.failedComparisons).toEqual([3]);
    expect(lead.failureReason).toContain('answered 502');
    expect(lead.samples.map((s) => s.deploymentId)).toEqual([1, 2, 4, 5, 6]);
    expect(lead.skippedComparisons).toEqual([]);
  });

  it('stops after three failed compares in a row: GitHub is down, not one answer lost', async () => {
    let calls = 0;
    const lead = await leadTimes(successes, base, async () => {
      calls++;
      throw new OutsideFailure('GitHub did not answer');
    });
    expect(calls).toBe(3);
    expect(lead.failedComparisons).toEqual([1, 2, 3]);
    expect(lead.skippedComparisons).toEqual([4, 5, 6]);
    expect(lead.stopReason).toMatch(/3 compare calls in a row failed/);
  });

  it('a bug or a cancellation is not swallowed', async () => {
    await expect(leadTimes(successes, base, async () => Promise.reject(new TypeError('x is undefined')))).rejects.toThrow(TypeError);
  });

  it('stops when GitHub says the token is down to its reserve, and at max-comparisons', async () => {
    let left = LEAD_TIME_LIMITS.rateLimitReserve + 2;
    const lead = await leadTimes(successes, base, async (_b, head) => ({ ...oneCommit(head), rateLimitRemaining: --left }));
    // 101 left after the 1st call, 100 (the reserve) after the 2nd: compared 1–2, the rest skipped.
    expect(lead.comparisons).toBe(2);
    expect(lead.samples).toHaveLength(2);
    expect(lead.skippedComparisons).toEqual([3, 4, 5, 6]);
    expect(lead.stopReason).toMatch(/100 API call\(s\) left this hour/);

    const capped = await leadTimes(successes, base, async (_b, head) => oneCommit(head), { ...LEAD_TIME_LIMITS, maxComparisons: 4 });
    expect(capped.comparisons).toBe(4);
    expect(capped.skippedComparisons).toEqual([5, 6]);
    expect(capped.stopReason).toBe('max-comparisons (4) reached');
  });
});
