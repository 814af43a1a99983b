import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDeliveryHistory } from '../delivery-metrics-history';
import { startEmulator, type Emulator } from '../emulator';
import { runAction, scratchDir } from '../helpers/run-action';
import { observe } from './observe';

const COMPARE = 'GET /repos/:owner/:repo/compare/:basehead';
// "Every time": more requests than one run makes.
const ALWAYS = 500;

let emulator: Emulator;
let work: string;

beforeEach(async () => {
  emulator = await startEmulator();
  work = scratchDir('shipgate-dora-faults-');
});
afterEach(async () => {
  await emulator.close();
});

describe('delivery-metrics: GitHub failing', () => {
  it('compare answering 502 every time: the figures still come out, the lead time is left out with a warning, in bounded time', async (ctx) => {
    // 3 blocks: 18 good deployments, 18 comparisons to make.
    seedDeliveryHistory(emulator, { blocks: 3 });
    emulator.failNext(COMPARE, { status: 502, count: ALWAYS });
    emulator.clearRequests();
    const started = Date.now();
    const run = await runAction('delivery-metrics', { apiUrl: emulator.url, cwd: work, inputs: { report: 'dora.json' }, timeoutMs: 90_000 });
    const seconds = (Date.now() - started) / 1000;
    expect(run.exitCode).toBe(0);
    expect(run.errors).toEqual([]);
    expect(run.outputs['deployment-frequency']).not.toBe('');
    expect(run.outputs['lead-time-median-hours']).toBe('');
    const gaps = run.warnings.filter((w) => /comparison\(s\)|lead time is partial/.test(w));
    expect(gaps).toEqual([
      expect.stringMatching(/^3 comparison\(s\) .* failed, their commits are not in the lead time: GitHub failed to compare .*answered 502/),
      expect.stringContaining('the lead time is partial: shipgate stopped comparing (3 compare calls in a row failed), so the 15 newest'),
    ]);
    // 3 compares of 4 attempts each, not 18.
    expect(emulator.countRequests('GET /repos/{owner}/{repo}/compare/{basehead}')).toBe(12);
    const report = JSON.parse(readFileSync(join(work, 'dora.json'), 'utf8'));
    expect(report.leadTime.skippedComparisons).toHaveLength(15);
    observe(ctx, { injected: 'GET /compare answers 502 every time (18 comparisons to make)', observed: `exit ${run.exitCode}; ${gaps.join(' | ')} (took ${seconds.toFixed(1)}s)` });
  }, 120_000);
});
