import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalRecords } from '@shipgate/records';
import { runCommandLine } from '../run-command-line';
import { captureOutput } from './capture-output';
import { stopAllSlots } from './demo-app-launcher';
import { createDemoRepo, type DemoRelease } from './demo-repo';
import { demoStages, type StageOutcome } from './demo-stages';
import { recordsTable } from './records-table';
import { UserTraffic } from './user-traffic';
import { startWeightedProxy } from './weighted-proxy';

/** Page views a second the demo's users send through the proxy. */
const USER_RATE = 20;

/**
 * `npm run demo`: the shipgate flow on this machine, no GitHub needed — a real git repo, real
 * app processes behind a weighted proxy, records in a local file, every stage run through the
 * same code as the actions. Prints each stage and exits 0 only when every stage behaved as
 * shipgate promises; stops at the first that did not, saying what went wrong.
 */
export async function runDemo(self: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'shipgate-demo-'));
  const repo = join(dir, 'repo');
  const recordsFile = join(dir, 'records.json');
  const log = join(dir, 'demo.log');
  mkdirSync(repo);
  const releases = createDemoRepo(repo) as [DemoRelease, DemoRelease, DemoRelease];
  const ports = { staging: await freePort(), stable: await freePort(), canary: await freePort() };
  const proxy = await startWeightedProxy(ports);
  const users = new UserTraffic(proxy.url, USER_RATE);
  const controller = new AbortController();
  const interrupt = () => controller.abort(new Error('interrupted'));
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  const restore = enterDemoEnvironment(repo, recordsFile, dir);

  /** The last `error:` line a command printed: said with a stage that did not behave. */
  let lastError: string | undefined;
  const stages = demoStages({
    dir,
    repo,
    recordsFile,
    self,
    releases,
    ports,
    proxy,
    users,
    shipgate: (command, inputs) => captureOutput(log, () => runCommandLine(command, inputs, controller.signal), (text) => {
      for (const line of text.split('\n')) if (line.startsWith('error: ')) lastError = line.slice('error: '.length);
    }),
  });
  const started = performance.now();
  let failed: { index: number; outcome: StageOutcome } | undefined;
  try {
    console.log(`shipgate demo: records in ${recordsFile}, full log in ${log}\n`);
    for (const [index, stage] of stages.entries()) {
      if (failed || controller.signal.aborted) {
        console.log(`- ${index + 1}. ${stage.title}: skipped`);
        continue;
      }
      const stageStarted = performance.now();
      let outcome: StageOutcome;
      lastError = undefined;
      try {
        outcome = await stage.run();
      } catch (error) {
        outcome = { expected: false, detail: (error as Error).message };
      }
      if (controller.signal.aborted) outcome = { expected: false, detail: `interrupted; ${outcome.detail}` };
      if (!outcome.expected && lastError && !outcome.detail.includes(lastError)) outcome.detail += `; the command said: ${lastError}`;
      if (!outcome.expected) failed = { index, outcome };
      console.log(`${outcome.expected ? '✔' : '✘'} ${index + 1}. ${stage.title}: ${outcome.detail} (${seconds(performance.now() - stageStarted)})`);
    }
  } finally {
    await users.stop();
    await stopAllSlots(dir);
    await proxy.close();
    restore();
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
  console.log(`\nWhat the records file says (${recordsFile}, kept):\n`);
  console.log(await recordsTable(new LocalRecords(recordsFile, repo), ['staging', 'production'], releases));
  if (failed) {
    const what = controller.signal.aborted ? 'was interrupted' : 'did not behave as expected';
    console.log(`\nStage ${failed.index + 1} ${what}: ${stages[failed.index]?.title}: ${failed.outcome.detail}`);
    console.log(`What each command printed is in ${log}`);
    return 1;
  }
  console.log(`\nAll stages behaved as expected. (${seconds(performance.now() - started)})`);
  return 0;
}

/**
 * The demo's commands run in its repository, record to its file, write their canary reports
 * next to it, and never reach GitHub even when the shell has GitHub variables. Returns the undo.
 */
function enterDemoEnvironment(repo: string, recordsFile: string, dir: string): () => void {
  const names = ['SHIPGATE_RECORDS_FILE', 'RUNNER_TEMP', 'GITHUB_ACTIONS'] as const;
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  const previousCwd = process.cwd();
  process.chdir(repo);
  process.env.SHIPGATE_RECORDS_FILE = recordsFile;
  process.env.RUNNER_TEMP = dir;
  delete process.env.GITHUB_ACTIONS;
  return () => {
    process.chdir(previousCwd);
    for (const name of names) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
