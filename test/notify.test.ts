import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from './emulator';
import { runAction, scratchDir, type ActionRun } from './helpers/run-action';
import { startWebhookReceiver, type WebhookReceiver } from './helpers/webhook-receiver';
import { installFileRouter } from './helpers/file-router';

const GOOD = '1'.repeat(40);
const BAD = '2'.repeat(40);
const RUN_URL = 'https://github.com/acme/app/actions/runs/4242';

let emulator: Emulator;
let work: string;
let routerInputs: ReturnType<typeof installFileRouter>;
let receivers: WebhookReceiver[] = [];

beforeEach(async () => {
  emulator = await startEmulator();
  emulator.addCommit({ sha: GOOD, tree: 'a'.repeat(40), parents: [], message: 'good' });
  emulator.addCommit({ sha: BAD, tree: 'b'.repeat(40), parents: [GOOD], message: 'bad' });
  work = scratchDir('shipgate-notify-');
  // A deploy command that fails for the bad sha only, so a rollback to the good one works.
  writeFileSync(join(work, 'deploy.mjs'), `if (process.argv[2] === ${JSON.stringify(BAD)}) { console.error('image pull failed'); process.exit(1); }\n`);
});
afterEach(async () => {
  await emulator.close();
  await Promise.all(receivers.map((r) => r.close()));
  receivers = [];
});

async function receiver(behaviour: Parameters<typeof startWebhookReceiver>[0] = 'ok') {
  const r = await startWebhookReceiver(behaviour);
  receivers.push(r);
  return r;
}

const seedGood = (environment: string) =>
  emulator.seedDeployment({
    sha: GOOD,
    environment,
    productionEnvironment: environment === 'production',
    payload: { shipgate: { kind: 'deploy', version: 'v1', ref: GOOD, tree: 'a'.repeat(40) } },
    statuses: [{ state: 'success', description: 'shipgate: deployed' }],
  });

const deploy = (inputs: Record<string, string>) =>
  runAction('staging-deploy', { apiUrl: emulator.url, cwd: work, inputs: { environment: 'staging', ref: GOOD, version: 'v1', command: `node ${join(work, 'deploy.mjs')} {sha}`, ...inputs } });

/** Everything the step shows a user or hands on: the URL must be in none of it. */
function expectUrlNowhere(run: ActionRun, ...urls: string[]) {
  const shown = [run.stdout.replace(/^::add-mask::.*$/gm, ''), run.stderr, run.summary, JSON.stringify(run.outputs), ...run.errors, ...run.warnings].join('\n');
  for (const url of urls) {
    expect(shown).not.toContain(url);
    expect(shown).not.toContain(new URL(url).pathname);
  }
}

describe('notifications from staging-deploy (bundled)', () => {
  it('a successful deploy: "deploying" then "deployed" to notify-webhook, nothing to the incident channel, URL masked and never shown', async () => {
    const deploys = await receiver();
    const incidents = await receiver();
    const run = await deploy({ 'notify-webhook': deploys.url, 'notify-failure-webhook': incidents.url });
    expect(run.exitCode).toBe(0);
    expect(run.warnings).toEqual([]);
    expect(deploys.headlines()).toEqual(['🚀 Deploying v1 (1111111) to staging', '✅ Deployed v1 (1111111) to staging']);
    expect(deploys.messages[1]?.text).toBe(`✅ Deployed v1 (1111111) to staging\nacme/app run: ${RUN_URL}`);
    expect(deploys.messages[1]?.blocks?.[1]?.elements?.[0]?.text).toContain(`<${RUN_URL}|run log>`);
    expect(incidents.messages).toEqual([]);
    // Masked for the runner's log, then never printed.
    expect(run.stdout).toContain(`::add-mask::${deploys.url}`);
    expectUrlNowhere(run, deploys.url, incidents.url);
  });

  it('a failed deploy rolled back (rollback-on-failure): failure and rollback to both channels, with the reason', async () => {
    seedGood('staging');
    const deploys = await receiver();
    const incidents = await receiver();
    const run = await deploy({ ref: BAD, version: 'v2', 'rollback-on-failure': 'true', 'notify-webhook': deploys.url, 'notify-failure-webhook': incidents.url });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toContain('rolled back to v1 (1111111)');
    expect(deploys.headlines()).toEqual(['🚀 Deploying v2 (2222222) to staging', '❌ Deploy of v2 (2222222) to staging failed', '⏪ Rolled back staging from v2 (2222222) to v1 (1111111)']);
    expect(incidents.headlines()).toEqual(deploys.headlines().slice(1));
    expect(incidents.messages[0]?.text).toContain('Reason: command exited with code 1');
    // The command's output stays in the log: the message carries the record-safe reason only.
    expect(incidents.messages[0]?.text).not.toContain('image pull failed');
    expect(incidents.messages[1]?.text).toContain('Reason: the deploy of v2 failed: command exited with code 1');
    expectUrlNowhere(run, deploys.url, incidents.url);
  });

  it('a webhook that hangs on the failure message does not hold up rollback-on-failure', async () => {
    seedGood('staging');
    // Each run of the command notes when it started: the failed deploy, then the rollback's redeploy.
    const log = join(work, 'runs.log');
    writeFileSync(join(work, 'deploy.mjs'), `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(log)}, Date.now() + '\\n');\nif (process.argv[2] === ${JSON.stringify(BAD)}) process.exit(1);\n`);
    // "Deploying" is taken; "failed" and everything after it hang.
    const deploys = await receiver((index) => (index === 0 ? 'ok' : 'hang'));
    const t0 = performance.now();
    const run = await deploy({ ref: BAD, version: 'v2', 'rollback-on-failure': 'true', 'notify-webhook': deploys.url });
    const took = performance.now() - t0;
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toContain('rolled back to v1 (1111111)');
    const [failedAt, rollbackAt] = readFileSync(log, 'utf8').trim().split('\n').map(Number);
    // The redeploy starts as soon as the deploy failed, not after the webhook's 5 s.
    expect(rollbackAt! - failedAt!).toBeLessThan(2_500);
    expect(took).toBeLessThan(9_000);
    // "Failed" had the 5 s, less what "deploying" took.
    expect(run.warnings).toEqual([expect.stringMatching(/^notify-webhook: delivery failed: (timed out after (4\.\d|5) s|no answer within the 5 s for this step's messages .*); /)]);
  }, 30_000);

  it('a cancelled deploy still sends its failure message', async () => {
    writeFileSync(join(work, 'slow.mjs'), 'setTimeout(() => {}, 20_000);\n');
    const incidents = await receiver();
    const run = await runAction('staging-deploy', { apiUrl: emulator.url, cwd: work, cancelAfterMs: 1_500, inputs: { environment: 'staging', ref: GOOD, version: 'v1', command: `node ${join(work, 'slow.mjs')}`, 'notify-failure-webhook': incidents.url } });
    expect(run.outputs.status).toBe('error');
    expect(incidents.headlines()).toEqual(['❌ Deploy of v1 (1111111) to staging failed']);
  }, 30_000);

  it('dry-run sends nothing', async () => {
    const deploys = await receiver();
    const run = await deploy({ 'dry-run': 'true', 'notify-webhook': deploys.url });
    expect(run.exitCode).toBe(0);
    expect(deploys.requests).toBe(0);
  });

  it('a webhook that is not an http(s) URL is an input error naming the input, without the value', async () => {
    const run = await deploy({ 'notify-webhook': 'hooks.slack.com/services/T/B/notAUrlSecret' });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual([expect.stringMatching(/^staging-deploy: Input 'notify-webhook' must be an http:\/\/ or https:\/\/ webhook URL/)]);
    expect(run.stdout + run.stderr).not.toContain('notAUrlSecret');
    expect(emulator.deployments).toEqual([]);
  });

  it('a webhook that hangs or answers 500 delays the deploy by at most 5 s, never fails it, and warns once without the URL', async () => {
    const t0 = performance.now();
    const plain = await deploy({});
    const baseline = performance.now() - t0;
    expect(plain.exitCode).toBe(0);
    for (const behaviour of ['hang', '500'] as const) {
      const broken = await receiver(behaviour);
      const t1 = performance.now();
      const run = await deploy({ 'notify-webhook': broken.url, 'notify-failure-webhook': broken.url });
      const delay = performance.now() - t1 - baseline;
      expect(run.exitCode, behaviour).toBe(0);
      expect(run.outputs.status).toBe('success');
      // 5 s of budget, plus a margin for a loaded 2-core machine starting node.
      expect(delay, behaviour).toBeLessThan(6_500);
      expect(run.warnings, behaviour).toEqual([
        behaviour === 'hang'
          ? expect.stringMatching(/^notify-webhook: delivery failed: timed out after 5 s; the step goes on/)
          : expect.stringMatching(/^notify-webhook: delivery failed: HTTP 500 \(internal_error\) \(twice\); the step goes on/),
      ]);
      // The "deployed" message is not tried on a webhook that already failed in this step.
      expect(broken.headlines().every((h) => h.startsWith('🚀'))).toBe(true);
      expectUrlNowhere(run, broken.url);
    }
  }, 90_000);
});

describe('notifications from rollback (bundled)', () => {
  it('start and success go to both channels, with the reason and both versions', async () => {
    seedGood('production');
    emulator.seedDeployment({ sha: BAD, environment: 'production', productionEnvironment: true, payload: { shipgate: { kind: 'deploy', version: 'v2', ref: BAD, tree: 'b'.repeat(40) } }, statuses: [{ state: 'success', description: 'shipgate: deployed' }] });
    const deploys = await receiver();
    const incidents = await receiver();
    const run = await runAction('rollback', {
      apiUrl: emulator.url,
      cwd: work,
      inputs: { environment: 'production', command: `node ${join(work, 'deploy.mjs')} {sha}`, reason: 'error rate 4% <!channel>', 'notify-webhook': deploys.url, 'notify-failure-webhook': incidents.url },
    });
    expect(run.exitCode).toBe(0);
    expect(deploys.headlines()).toEqual(['⏪ Rolling back production from v2 (2222222) to v1 (1111111)', '⏪ Rolled back production from v2 (2222222) to v1 (1111111)']);
    expect(incidents.headlines()).toEqual(deploys.headlines());
    expect(incidents.messages[1]?.text).toContain('Reason: error rate 4% &lt;!channel&gt;');
    expectUrlNowhere(run, deploys.url, incidents.url);
  });

  it('a failed rollback says so, with why', async () => {
    seedGood('production');
    emulator.seedDeployment({ sha: BAD, environment: 'production', productionEnvironment: true, payload: { shipgate: { kind: 'deploy', version: 'v2', ref: BAD, tree: 'b'.repeat(40) } }, statuses: [{ state: 'success' }] });
    writeFileSync(join(work, 'fail.mjs'), 'process.exit(4);\n');
    const incidents = await receiver();
    const run = await runAction('rollback', { apiUrl: emulator.url, cwd: work, inputs: { environment: 'production', command: `node ${join(work, 'fail.mjs')}`, 'notify-failure-webhook': incidents.url } });
    expect(run.exitCode).toBe(1);
    expect(incidents.headlines()).toEqual(['⏪ Rolling back production from v2 (2222222) to v1 (1111111)', '❌ Rollback of production from v2 (2222222) to v1 (1111111) failed']);
    expect(incidents.messages[1]?.text).toContain('Reason: redeploy of v1 failed: command exited with code 4');
  });
});

describe('notifications from canary-step (bundled)', () => {
  const canary = (errors: number, extra: Record<string, string>, options: { cancelAfterMs?: number } = {}) => {
    routerInputs = installFileRouter(work);
    writeFileSync(join(work, 'metrics.mjs'), `console.log(${JSON.stringify(JSON.stringify({ canary: { requests: 100, errors, slow: 0 }, baseline: { requests: 100, errors: 0, slow: 0 } }))});\n`);
    return runAction('canary-step', {
      apiUrl: emulator.url,
      cwd: work,
      ...options,
      inputs: {
        sha: BAD,
        environment: 'production',
        steps: '10:1s,100',
        interval: '1s',
        'min-requests': '50',
        ...routerInputs,
        'metrics-command': `node ${join(work, 'metrics.mjs')}`,
        ...extra,
      },
    });
  };

  it('a healthy canary: started, then promoted; nothing to the incident channel', async () => {
    seedGood('production');
    const deploys = await receiver();
    const incidents = await receiver();
    const run = await canary(0, { 'notify-webhook': deploys.url, 'notify-failure-webhook': incidents.url });
    expect(run.exitCode).toBe(0);
    expect(deploys.headlines()).toEqual(['🐤 Canary 2222222 started in production', '✅ Canary 2222222 promoted in production: it carries all traffic']);
    expect(incidents.messages).toEqual([]);
    expectUrlNowhere(run, deploys.url, incidents.url);
  });

  it('a failing canary rolled back: to both channels, with the judge\'s reason', async () => {
    seedGood('production');
    const deploys = await receiver();
    const incidents = await receiver();
    const run = await canary(30, { 'notify-webhook': deploys.url, 'notify-failure-webhook': incidents.url });
    expect(run.exitCode).toBe(1);
    expect(deploys.headlines()).toEqual(['🐤 Canary 2222222 started in production', '⏪ Canary 2222222 aborted in production: traffic is back on stable']);
    expect(incidents.headlines()).toEqual(['⏪ Canary 2222222 aborted in production: traffic is back on stable']);
    expect(incidents.messages[0]?.text).toMatch(/Reason: aborted at step 1\/2 \(10%\), traffic back on stable: canary error rate/);
  });

  it('mode: advance sends "started" from the invocation that creates the canary and "promoted" from the one that ends it, nothing in between', async () => {
    seedGood('production');
    const deploys = await receiver();
    const invoke = () => canary(0, { mode: 'advance', steps: '10:1s,50:1s,100', 'notify-webhook': deploys.url });
    const counts: number[] = [];
    for (const expected of ['in-progress', 'in-progress', 'promoted']) {
      const run = await invoke();
      expect(run.outputs.decision).toBe(expected);
      counts.push(deploys.messages.length);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
    }
    // A later invocation finds the canary ended and says so, but sends nothing again.
    const after = await invoke();
    expect(after.outputs.decision).toBe('promoted');
    expect(counts).toEqual([1, 1, 2]);
    expect(deploys.headlines()).toEqual(['🐤 Canary 2222222 started in production', '✅ Canary 2222222 promoted in production: it carries all traffic']);
  });

  it('a cancelled canary sends its ending message: stopped, traffic back on stable', async () => {
    seedGood('production');
    const incidents = await receiver();
    const run = await canary(0, { steps: '10:30s,100', 'notify-failure-webhook': incidents.url }, { cancelAfterMs: 2_500 });
    expect(run.outputs.decision).toBe('aborted');
    expect(incidents.headlines()).toEqual(['🛑 Canary 2222222 stopped in production']);
    expect(incidents.messages[0]?.text).toContain('Reason: cancelled at step 1/2; traffic back on stable');
  }, 30_000);

  it('GitHub refusing the statuses mid-canary: the ending message is still sent', async () => {
    seedGood('production');
    const deploys = await receiver();
    // The first step's status and the crash report are refused: no final status is recorded.
    emulator.failNext('POST /repos/:owner/:repo/deployments/:id/statuses', { status: 403, count: 2, body: { message: 'Resource not accessible by integration' } });
    const run = await canary(0, { 'notify-webhook': deploys.url });
    expect(run.exitCode).toBe(1);
    expect(deploys.headlines()).toEqual(['🐤 Canary 2222222 started in production', '🛑 Canary 2222222 stopped in production']);
    expect(deploys.messages[1]?.text).toContain('traffic back on stable');
  }, 30_000);

  it('a failing canary with on-failure: pause: "paused" with the weight held', async () => {
    seedGood('production');
    const incidents = await receiver();
    const run = await canary(30, { 'on-failure': 'pause', 'notify-failure-webhook': incidents.url });
    expect(run.exitCode).toBe(1);
    expect(incidents.headlines()).toEqual(['⏸️ Canary 2222222 failed in production: paused with 10% of traffic on it for you to inspect']);
  });
});
