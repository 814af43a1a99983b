import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { observe } from '../observe';
import { inputCoverage } from './action-inputs';
import { compareWithBundles } from './bundle-sample';
import { generatorCoverage } from './cases';
import { Campaign, FUZZ_BUDGET_MS, FUZZ_RUNS, FUZZ_SEED, PROPERTIES, type Judged, type PropertyName } from './campaign';
import type { Candidate } from './hostile';
import { setCanaries } from './hostile';
import type { ActionMain } from './in-process';
import { startWorld, type World } from './world';

/** Cases per action re-run as the real bundle (each costs a node start and the real client's 1 s write spacing). */
const BUNDLE_SAMPLE = 12;

export interface FuzzCase {
  inputs: Record<string, Candidate>;
}

export interface FuzzSuite<Case extends FuzzCase> {
  action: string;
  /** What is fuzzed, when it is not simply the action's inputs. */
  title?: string;
  /** Imports the action's main after the world's env is set. */
  loadMain: () => Promise<ActionMain>;
  /** What was injected, for docs/reliability.md. */
  injected: string;
  /** Seeds the world (deployments, files) before the run. */
  prepare?: (world: World) => void | Promise<void>;
  arbitrary: (world: World) => fc.Arbitrary<Case>;
  judge: (value: Case, world: World, main: ActionMain) => Promise<Judged>;
  /** Before each bundle-sample run (e.g. write the event file the case needs). */
  beforeBundle?: (value: Case, world: World) => void;
}

/**
 * One reliability file per action: a world (emulator, app, sandbox), FUZZ_RUNS generated cases
 * run in-process once, one test per property (each shrinking its own first failure), a test
 * that every case ran within the time budget, and a sample re-run as the real bundle.
 */
export function defineFuzzSuite<Case extends FuzzCase>(suite: FuzzSuite<Case>): void {
  let world: World;
  let main: ActionMain;
  let campaign: Campaign<Case>;

  beforeAll(async () => {
    world = await startWorld();
    setCanaries({ intruder: world.sandbox.intruder, outside: world.sandbox.outside });
    await suite.prepare?.(world);
    main = await suite.loadMain();
    campaign = new Campaign({ arbitrary: suite.arbitrary(world), judge: (value) => suite.judge(value, world, main), numRuns: FUZZ_RUNS, seed: FUZZ_SEED, budgetMs: FUZZ_BUDGET_MS, label: suite.title ?? suite.action });
    await campaign.run();
  }, FUZZ_BUDGET_MS + 60_000);

  afterAll(async () => {
    await world?.close();
  });

  describe(`${suite.title ?? suite.action}: ${FUZZ_RUNS} generated hostile values for every input`, () => {
    const facts = (failure?: string) => ({
      injected: `${FUZZ_RUNS} generated cases (fast-check, seed ${FUZZ_SEED}) over ${suite.title ?? `every input of ${suite.action}`}: ${suite.injected}`,
      observed: `${campaign.tally.describe()}; ${Math.round(campaign.wallMs / 1000)} s in-process${failure ? `; FAILS: ${failure.split('\n')[2]?.trim()}` : ''}`,
    });

    test(`all ${FUZZ_RUNS} cases ran within the time budget (${FUZZ_BUDGET_MS / 1000} s)`, (ctx) => {
      observe(ctx, facts());
      expect(campaign.tally.cases, `only ${campaign.tally.cases} of ${FUZZ_RUNS} cases ran in ${FUZZ_BUDGET_MS / 1000} s (slowest case ${Math.round(campaign.tally.slowestMs)} ms)`).toBe(FUZZ_RUNS);
    });

    test(`the cases cover exactly the inputs of actions/${suite.action}/action.yml`, (ctx) => {
      // Every case carries every declared input (unset ones at action.yml's default, as the runner passes them).
      const [sampled] = fc.sample(suite.arbitrary(world), { numRuns: 1, seed: FUZZ_SEED });
      const cases = inputCoverage(suite.action, Object.keys(sampled?.inputs ?? {}));
      // A per-input suite (built with actionCase) also has a generator for each of them.
      const generators = suite.title === undefined ? (generatorCoverage.get(suite.action) ?? { missing: ['(the suite does not use actionCase)'], unknown: [] }) : { missing: [], unknown: [] };
      observe(ctx, {
        injected: `the inputs of actions/${suite.action}/action.yml, read from the file`,
        observed: `cases lack [${cases.missing.join(', ')}], add undeclared [${cases.unknown.join(', ')}]; no generator for [${generators.missing.join(', ')}], generators for undeclared [${generators.unknown.join(', ')}]`,
      });
      expect(cases.missing, `inputs of action.yml missing from the cases: ${cases.missing.join(', ')}`).toEqual([]);
      expect(cases.unknown, `inputs the cases set that action.yml does not declare: ${cases.unknown.join(', ')}`).toEqual([]);
      expect(generators.missing, `inputs of action.yml without a generator (add one in the suite): ${generators.missing.join(', ')}`).toEqual([]);
      expect(generators.unknown, `generators or baseline values for inputs action.yml does not declare: ${generators.unknown.join(', ')}`).toEqual([]);
    });

    for (const name of Object.keys(PROPERTIES) as PropertyName[]) {
      test(name, async (ctx) => {
        const failure = await campaign.counterexample(name);
        observe(ctx, facts(failure));
        expect(failure, failure).toBeUndefined();
      }, 120_000);
    }

    test('the runner sees what the in-process run saw (a sample run as real bundles)', async (ctx) => {
      // NUL cannot travel through a real environment variable.
      const sample = fc.sample(suite.arbitrary(world), { numRuns: BUNDLE_SAMPLE, seed: FUZZ_SEED + 1 }).filter((c) => !Object.values(c.inputs).some((v) => v.value.includes('\0')));
      const result = await compareWithBundles(
        suite.action,
        sample.map((c) => ({ inputs: Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, v.value])), before: () => suite.beforeBundle?.(c, world) })),
        { world, main, afterEach: () => void world.sandbox.takeCalls() },
      );
      observe(ctx, { injected: `${sample.length} of the generated cases, run both in-process and as dist/${suite.action}/index.js (node, INPUT_* env, like the runner)`, observed: result.summary });
      expect(result.mismatches, result.mismatches.join('\n')).toEqual([]);
    }, 300_000);
  });
}
