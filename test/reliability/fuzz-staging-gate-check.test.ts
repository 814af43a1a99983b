import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { seedPassedDeployment } from '../helpers/gate-seeding';
import { TEST_SHA } from '../helpers/run-action';
import type { Judged } from './fuzz/campaign';
import { ALL_SECRETS, SECRETS, actionCase, token } from './fuzz/cases';
import { boolean, choice, duration, hostileText, singleLine, wholeNumber, type Candidate } from './fuzz/hostile';
import { runInProcess } from './fuzz/in-process';
import { changesGitHub, classify, violations, type CaseFacts } from './fuzz/properties';
import { defineFuzzSuite } from './fuzz/suite';
import { SHA_DEVELOP, SHA_MAIN, TREE, type World } from './fuzz/world';


const ACTION = 'staging-gate-check';
/** A branch that makes a backtracking matcher of `*a*a…*b` take seconds; a linear one takes microseconds. */
const LONG_BRANCH = 'a'.repeat(30);
/** The gate reads a handful of records from a local emulator: anything slower is a hang in the making (e.g. a backtracking pattern). */
const CASE_BOUND_MS = 2_000;

interface GateCase {
  inputs: Record<string, Candidate>;
  /** The triggering event: a push, or a pull request from this head branch. */
  headBranch?: string;
}

/** Where a case starts, besides action.yml's defaults. */
const BASELINE: Record<string, string> = {
  sha: '',
  'source-environment': 'staging',
  match: 'tree',
  'allowed-sources': 'develop',
  'required-contexts': '',
  'min-soak': '0',
  'max-age': '',
  fail: 'true',
  'target-environment': 'production',
  'allow-rolled-back': 'false',
  'github-token': `ghs_${SECRETS.token}`,
  'dry-run': 'false',
};

const patterns = fc.oneof(
  fc.constantFrom('develop', 'develop, hotfix/*', 'release/**', '*', '**', 'feature/?', 'develop\nhotfix/*', `${'*a'.repeat(6)}*b`, `${'*a'.repeat(8)}*b`, `${'*a'.repeat(10)}*b`, `${'**a'.repeat(8)}**b`, '[a-z]+', '(a+)+$', '\\'),
  hostileText(),
);

function gateCase(): fc.Arbitrary<GateCase> {
  return fc.record({
    inputs: actionCase(ACTION, {
      sha: singleLine(['', TEST_SHA, SHA_MAIN, SHA_DEVELOP, 'main', 'develop'], { refuseLeadingDash: true }),
      'source-environment': singleLine(['staging', 'qa', 'x'.repeat(255)], { maxLength: 255 }),
      match: choice(['tree', 'sha']),
      'allowed-sources': patterns.map((value) => ({ value })),
      'required-contexts': fc.oneof(fc.constantFrom('', 'none', 'shipgate/smoke-test (staging)', 'ci/build, ci/test', 'ci/build\nci/test'), hostileText()).map((value) => ({ value })),
      'min-soak': duration({ maxValidMs: 10 * 3_600_000, timer: false }),
      // Optional: empty (or blank, the runner trims it) means no limit.
      'max-age': fc.oneof(fc.constant({ value: '' }), duration({ maxValidMs: 1000 * 3_600_000, timer: false }).map((c) => (c.value.trim() === '' ? { value: c.value } : c))),
      fail: boolean(),
      'target-environment': singleLine(['production', 'prod eu', 'x'.repeat(255)], { maxLength: 255 }),
      'allow-rolled-back': boolean(),
      'github-token': token(),
      'search-depth': wholeNumber(1, 1000, 250),
      'dry-run': boolean(),
    }, { baseline: BASELINE }),
    headBranch: fc.option(fc.constantFrom('develop', 'feature/login', 'hotfix/1', LONG_BRANCH), { nil: undefined }),
  });
}

/** Points GITHUB_EVENT_* (in-process and for the bundle) at this case's event. */
function useEvent(world: World, headBranch: string | undefined): void {
  let env: Record<string, string> = { GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: '' };
  if (headBranch !== undefined) {
    const path = join(world.sandbox.runnerTemp, 'event.json');
    writeFileSync(path, JSON.stringify({ pull_request: { number: 7, html_url: 'https://github.com/acme/app/pull/7', head: { ref: headBranch, sha: SHA_DEVELOP, repo: { full_name: 'acme/app' } }, base: { ref: 'main', repo: { full_name: 'acme/app' } } } }));
    env = { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: path };
  }
  Object.assign(world.runnerEnv, env);
  Object.assign(process.env, env);
}

defineFuzzSuite<GateCase>({
  action: ACTION,
  loadMain: async () => (await import('../../actions/staging-gate-check/src/main')).main,
  injected: 'control characters + workflow commands, shell metacharacters, -values, 10 kB+ strings, unicode, backtracking branch patterns against a 30-character branch, bad/huge durations, bad choices and booleans, hostile tokens; push and pull_request events',
  prepare: (world) => {
    seedPassedDeployment(world.emulator, { sha: SHA_DEVELOP, tree: TREE });
  },
  arbitrary: () => gateCase(),
  beforeBundle: (value, world) => useEvent(world, value.headBranch),
  judge: async (value, world, main): Promise<Judged> => {
    useEvent(world, value.headBranch);
    const inputs = Object.fromEntries(Object.entries(value.inputs).map(([k, c]) => [k, c.value]));
    const run = await runInProcess(ACTION, main, { inputs, emulator: world.emulator });
    const facts: CaseFacts = { inputs: value.inputs, secrets: ALL_SECRETS, verdict: / is not validated for / };
    const found = violations(run, facts, world.sandbox, world.sandbox.takeCalls());
    const writes = run.requests.filter(changesGitHub);
    if (writes.length > 0) found.push(`changed GitHub although the gate only reads: ${writes.map((r) => `${r.method} ${r.path}`).join(', ')}`);
    if (run.durationMs > CASE_BOUND_MS) found.push(`took ${Math.round(run.durationMs)} ms (bound ${CASE_BOUND_MS} ms for a gate that reads a few records)`);
    return {
      kind: classify(run, facts).kind,
      violations: found,
      durationMs: run.durationMs,
      mustRefuse: Object.values(value.inputs).some((c) => c.mustRefuse !== undefined),
      shown: { inputs: value.inputs, headBranch: value.headBranch ?? '(push event)', outcome: run.outcome.kind === 'shipgate-error' ? run.outcome.message.slice(0, 300) : run.outcome.kind },
    };
  },
});
