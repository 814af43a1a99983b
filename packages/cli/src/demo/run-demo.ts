import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quote } from 'shell-quote';
import { ShipgateError } from '@shipgate/core';
import { LocalRecords } from '@shipgate/records';
import { runCommandLine } from '../run-command-line';
import { captureOutput } from './capture-output';
import { stopAllSlots } from './demo-app-launcher';
import { createDemoRepo, requireGit, type DemoRelease } from './demo-repo';
import { enterDemoEnvironment } from './demo-environment';
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
  requireGit();
  const dir = makeDemoFolder();
  const repo = join(dir, 'repo');
  const recordsFile = join(dir, 'records.json');
  const log = join(dir, 'demo.log');
  mkdirSync(repo);
  const controller = new AbortController();
  const interrupt = () => controller.abort(new Error('interrupted'));
  // A closed terminal (SIGHUP) stops the demo like Ctrl-C; so does a reader that went away
  // (`npm run demo | head -5`: EPIPE on the next line), after which nothing more is printed.
  let outputClosed = false;
  const outputGone = () => {
    outputClosed = true;
    interrupt();
  };
  const say = (text: string) => {
    if (!outputClosed) console.log(text);
  };
  // Before the first git command: the user's GIT_DIR, git config and CI variables stay out.
  const restore = enterDemoEnvironment({ SHIPGATE_RECORDS_FILE: recordsFile, RUNNER_TEMP: dir });
  const previousCwd = process.cwd();
  process.chdir(repo);
  const leave = () => {
    process.chdir(previousCwd);
    restore();
  };
  let releases: [DemoRelease, DemoRelease, DemoRelease];
  let ports: { staging: number; stable: number; canary: number };
  try {
    releases = createDemoRepo(repo) as [DemoRelease, DemoRelease, DemoRelease];
    ports = { staging: await freePort(), stable: await freePort(), canary: await freePort() };
  } catch (error) {
    leave();
    throw error;
  }
  const proxy = await startWeightedProxy(ports);
  const users = new UserTraffic(proxy.url, USER_RATE);
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const signal of signals) process.on(signal, interrupt);
  process.stdout.on('error', outputGone);
  process.stderr.on('error', outputGone);

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
    say(`shipgate demo: records in ${recordsFile}, full log in ${log}\n`);
    for (const [index, stage] of stages.entries()) {
      if (failed || controller.signal.aborted) {
        say(`- ${index + 1}. ${stage.title}: skipped`);
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
      say(`${outcome.expected ? '✔' : '✘'} ${index + 1}. ${stage.title}: ${outcome.detail} (${seconds(performance.now() - stageStarted)})`);
    }
  } finally {
    await users.stop();
    await stopAllSlots(dir);
    await proxy.close();
    leave();
    for (const signal of signals) process.off(signal, interrupt);
  }
  say(`\nWhat the records file says (${recordsFile}, kept):\n`);
  say(await recordsTable(new LocalRecords(recordsFile, repo), ['staging', 'production'], releases));
  say(`\n# is the deployment's id: ids are shared with statuses (as on GitHub), so they jump.`);
  const removal = `The demo's folder is kept for you to look at; remove it with: rm -rf ${quote([dir])}`;
  if (failed) {
    const what = controller.signal.aborted ? 'was interrupted' : 'did not behave as expected';
    say(`\nStage ${failed.index + 1} ${what}: ${stages[failed.index]?.title}: ${failed.outcome.detail}`);
    say(`What each command printed is in ${log}`);
    say(removal);
    return 1;
  }
  say(`\nAll stages behaved as expected. (${seconds(performance.now() - started)})`);
  say(removal);
  return 0;
}

/** The demo's temporary folder; an unusable TMPDIR is the user's to fix, said in one line. */
function makeDemoFolder(): string {
  try {
    return mkdtempSync(join(tmpdir(), 'shipgate-demo-'));
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const reason = code === 'EROFS' ? 'read-only' : code === 'ENOENT' ? 'no such folder' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : message;
    throw new ShipgateError(`cannot create the demo folder in ${tmpdir()}: ${reason}; set TMPDIR to a writable folder`);
  }
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
