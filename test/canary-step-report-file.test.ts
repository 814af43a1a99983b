import { lstatSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from './emulator';
import { runAction, scratchDir } from './helpers/run-action';

const SHA = '2222222222222222222222222222222222222222';
const STABLE_SHA = '1111111111111111111111111111111111111111';

let emulator: Emulator;
let work: string;
let baselineId: number;

beforeEach(async () => {
  emulator = await startEmulator();
  emulator.addCommit({ sha: STABLE_SHA, tree: 'e'.repeat(40), parents: [] });
  emulator.addCommit({ sha: SHA, tree: 'f'.repeat(40), parents: [STABLE_SHA] });
  baselineId = emulator.seedDeployment({ sha: STABLE_SHA, environment: 'production', productionEnvironment: true, statuses: [{ state: 'success' }] }).id;
  work = scratchDir('shipgate-canary-report-');
  writeFileSync(join(work, 'router.mjs'), `import { writeFileSync } from 'node:fs';\nwriteFileSync('weight', process.argv[2]);\n`);
});
afterEach(async () => {
  await emulator?.close();
});

const healthy = JSON.stringify({ canary: { requests: 100, errors: 0, slow: 0 }, baseline: { requests: 100, errors: 0, slow: 0 } });
const canary = (env: Record<string, string> = {}) =>
  runAction('canary-step', {
    apiUrl: emulator.url,
    cwd: work,
    env,
    inputs: {
      sha: SHA,
      environment: 'production',
      steps: '50:1s,100',
      interval: '1s',
      'min-requests': '50',
      router: 'command',
      'set-weight-command': `node ${join(work, 'router.mjs')} {weight}`,
      'metrics-command': `node -e ${JSON.stringify(`console.log(${JSON.stringify(healthy)})`)}`,
    },
  });

describe("canary-step's JSON report file", () => {
  it('replaces a symbolic link planted at its name in RUNNER_TEMP instead of writing through it', async () => {
    const victim = join(work, 'victim.txt');
    writeFileSync(victim, 'untouched');
    // The next deployment ids: a link sits where the report is about to be written.
    for (let id = baselineId + 1; id <= baselineId + 3; id++) symlinkSync(victim, join(work, `shipgate-canary-${id}.json`));
    const run = await canary({ RUNNER_TEMP: work });
    expect(run.errors).toEqual([]);
    const report = run.outputs.report as string;
    expect(dirname(report)).toBe(work);
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
    expect(lstatSync(report).isSymbolicLink()).toBe(false);
    expect(JSON.parse(readFileSync(report, 'utf8'))).toMatchObject({ decision: 'promoted' });
  });

  it('without RUNNER_TEMP (the CLI), goes into a fresh private directory, not a predictable name in the shared temp directory', async () => {
    // The action's temp directory is this test's own scratch directory: nothing outside it is touched.
    const shared = scratchDir('shipgate-canary-tmp-');
    const run = await canary({ RUNNER_TEMP: '', TMPDIR: shared });
    expect(run.errors).toEqual([]);
    const report = run.outputs.report as string;
    expect(dirname(dirname(report))).toBe(shared);
    expect(basename(dirname(report))).toMatch(/^shipgate-canary-/);
    expect(statSync(dirname(report)).mode & 0o077).toBe(0);
    expect(JSON.parse(readFileSync(report, 'utf8'))).toMatchObject({ decision: 'promoted' });
  });
});
