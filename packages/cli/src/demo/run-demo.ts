import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quote } from 'shell-quote';
import { LocalRecords } from '@shipgate/records';
import { runCommandLine } from '../run-command-line';
import { stopAllSlots } from './demo-app-launcher';
import { createDemoRepo, type DemoCommit } from './demo-repo';

interface Stage {
  title: string;
  /** Returns what happened, in one line; throws or returns `expected: false` when it did not behave. */
  run: () => Promise<{ expected: boolean; detail: string }>;
}

/**
 * `npm run demo`: the shipgate flow on this machine, no GitHub needed. A real git repo, a
 * real app process per environment, records in a local file. Prints each stage and exits 0
 * only when every stage behaved as shipgate promises.
 */
export async function runDemo(self: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'shipgate-demo-'));
  const repo = join(dir, 'repo');
  const records = join(dir, 'records.json');
  mkdirSync(repo);
  const log = join(dir, 'demo.log');
  const { commits, mainMerge } = createDemoRepo(repo);
  const [v1, v2, v3] = commits as [DemoCommit, DemoCommit, DemoCommit];
  const stagingPort = await freePort();
  const stagingUrl = `http://127.0.0.1:${stagingPort}`;
  const previousCwd = process.cwd();
  process.chdir(repo);
  process.env.SHIPGATE_RECORDS_FILE = records;
  delete process.env.GITHUB_ACTIONS;

  const deployCommand = quote([process.execPath, self, 'demo-app', 'start', '--dir', dir, '--slot', '{environment}', '--sha', '{sha}', '--version', '{version}', '--port', String(stagingPort)]);
  const run = (command: string, inputs: Record<string, string>) =>
    logTo(log, () => runCommandLine(command, inputs, new AbortController().signal));
  const deployStaging = (commit: DemoCommit) =>
    run('staging-deploy', { ref: commit.sha, version: commit.version, command: deployCommand, url: stagingUrl, 'health-url': `${stagingUrl}/health`, 'health-timeout': '3s' });
  const smokeStaging = (commit: DemoCommit) =>
    run('smoke-test', {
      environment: 'staging',
      sha: commit.sha,
      checks: SMOKE_CHECKS,
      'wait-timeout': '5s',
      'load-requests': '300',
      'load-concurrency': '10',
      thresholds: 'error-rate<1%, p99<250ms',
    });
  const gate = (sha: string) => run('staging-gate-check', { sha, fail: 'false' });

  const stages: Stage[] = [
    {
      title: `deploy ${v1.version} to staging`,
      run: async () => {
        const { ok, io } = await deployStaging(v1);
        return { expected: ok && io.outputs.status === 'success', detail: `deployment #${io.outputs['deployment-id']} ${io.outputs.status}, healthy at ${stagingUrl}` };
      },
    },
    {
      title: `smoke-test ${v1.version} on staging`,
      run: async () => {
        const { ok, io } = await smokeStaging(v1);
        return { expected: ok && io.outputs.passed === 'true', detail: smokeDetail(io.outputs) };
      },
    },
    {
      title: `deploy ${v2.version} to staging`,
      run: async () => {
        const { ok, io } = await deployStaging(v2);
        const previousIsV1 = io.outputs['previous-sha'] === v1.sha;
        return { expected: ok && previousIsV1, detail: `deployment #${io.outputs['deployment-id']} ${io.outputs.status}; previous good: ${io.outputs['previous-sha']?.slice(0, 7)} (${v1.version})` };
      },
    },
    {
      title: `smoke-test ${v2.version} on staging`,
      run: async () => {
        const { ok, io } = await smokeStaging(v2);
        return { expected: ok && io.outputs.passed === 'true', detail: smokeDetail(io.outputs) };
      },
    },
    {
      title: `gate: promote main's merge of ${v2.version} to production`,
      run: async () => {
        const { io } = await gate(mainMerge);
        return {
          expected: io.outputs.validated === 'true' && io.outputs['validated-sha'] === v2.sha,
          detail: `validated=${io.outputs.validated}: ${io.outputs.reason}`,
        };
      },
    },
    {
      title: `deploy ${v3.version} (broken build) to staging`,
      run: async () => {
        const { ok, io } = await deployStaging(v3);
        return { expected: !ok && io.outputs.status === 'failure', detail: `refused as expected: deployment #${io.outputs['deployment-id']} recorded as ${io.outputs.status} (health check never passed)` };
      },
    },
    {
      title: `gate: try to promote ${v3.version} anyway`,
      run: async () => {
        const { io } = await gate(v3.sha);
        return { expected: io.outputs.validated === 'false', detail: `refused as expected: ${io.outputs.reason}` };
      },
    },
    {
      title: 'nothing left in progress',
      run: async () => {
        const store = new LocalRecords(records, repo);
        const open: number[] = [];
        for (const deployment of await store.listDeployments({ environment: 'staging' })) {
          const latest = (await store.listStatuses(deployment.id))[0];
          if (!latest || ['in_progress', 'queued', 'pending'].includes(latest.state)) open.push(deployment.id);
        }
        return { expected: open.length === 0, detail: open.length === 0 ? `every deployment has a final status (${records})` : `open: ${open.join(', ')}` };
      },
    },
  ];

  let failures = 0;
  try {
    console.log(`shipgate demo in ${dir}\n`);
    for (const [index, stage] of stages.entries()) {
      let outcome: { expected: boolean; detail: string };
      try {
        outcome = await stage.run();
      } catch (error) {
        outcome = { expected: false, detail: (error as Error).message };
      }
      if (!outcome.expected) failures++;
      console.log(`${outcome.expected ? '✔' : '✘'} ${index + 1}. ${stage.title}: ${outcome.detail}`);
    }
  } finally {
    stopAllSlots(dir);
    process.chdir(previousCwd);
  }
  console.log(failures === 0 ? '\nAll stages behaved as expected.' : `\n${failures} stage(s) did not behave as expected; the log is in ${log}`);
  if (failures === 0) rmSync(dir, { recursive: true, force: true });
  return failures === 0 ? 0 : 1;
}

/** What the demo's smoke test checks: the routes the release plans list. */
const SMOKE_CHECKS = `
checks:
  - name: health
    path: /health
    expect: { status: 200, json: { status: ok } }
  - name: initialize
    path: /api/v1/initialize
    expect: { status: 2xx, json: { initialized: true }, max-latency: 500ms }
load: { path: /health }
`;

function smokeDetail(outputs: Record<string, string>): string {
  return `checks passed: ${outputs['checks-passed'] || 'none'}; ${outputs.requests} requests, error rate ${outputs['error-rate']}, p99 ${outputs['p99-ms']} ms`;
}

/** Runs a command with its log going to a file: the demo prints one line per stage. */
async function logTo<T>(file: string, work: () => Promise<T>): Promise<T> {
  const { log, error } = console;
  const writeOut = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  const append = (chunk: unknown) => {
    appendFileSync(file, typeof chunk === 'string' || chunk instanceof Uint8Array ? chunk : String(chunk));
    return true;
  };
  console.log = (...args: unknown[]) => append(`${args.join(' ')}\n`);
  console.error = console.log;
  process.stdout.write = append as typeof process.stdout.write;
  process.stderr.write = append as typeof process.stderr.write;
  try {
    return await work();
  } finally {
    console.log = log;
    console.error = error;
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
  }
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
