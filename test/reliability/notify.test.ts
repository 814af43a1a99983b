import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator';
import { MISBEHAVIOURS, startMisbehavingServer, type Misbehaviour, type MisbehavingServer } from '../helpers/misbehaving-server';
import { runAction, scratchDir, type RunOptions } from '../helpers/run-action';
import { startWebhookReceiver } from '../helpers/webhook-receiver';
import { observe } from './observe';

const SHA = '1'.repeat(40);

let emulator: Emulator;
let server: MisbehavingServer;
let work: string;

beforeEach(async () => {
  emulator = await startEmulator();
  emulator.addCommit({ sha: SHA, tree: 'a'.repeat(40), parents: [], message: 'release' });
  server = await startMisbehavingServer();
  work = scratchDir('shipgate-notify-faults-');
});
afterEach(async () => {
  await server.close();
  await emulator.close();
});

/** A deploy whose command takes `seconds`, and stops early when the action that started it is gone. */
function deploy(inputs: Record<string, string>, seconds = 0, options: RunOptions = {}) {
  const script = join(work, 'deploy.mjs');
  writeFileSync(script, `const parent = process.ppid;\nsetInterval(() => { try { process.kill(parent, 0); } catch { process.exit(0); } }, 100);\nsetTimeout(() => process.exit(0), ${seconds * 1000});\n`);
  return runAction('staging-deploy', { apiUrl: emulator.url, cwd: work, ...options, inputs: { environment: 'staging', ref: SHA, version: 'v1', command: `node ${script}`, ...inputs } });
}

const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now();
  const result = await work();
  return [result, performance.now() - t0];
};

describe('notify-webhook: a misbehaving chat server never holds up or fails a deploy', () => {
  it.for<[Misbehaviour, RegExp]>([
    ['informational-only', /^notify-webhook: delivery failed: timed out after 5 s; the step goes on/],
    ['garbage', /^notify-webhook: delivery failed: the answer was not HTTP; the step goes on/],
  ])('a webhook that answers with %s', async ([behaviour, warning], ctx) => {
    const [plain, plainMs] = await timed(() => deploy({}));
    expect(plain.exitCode).toBe(0);
    const url = `${server.url}/${behaviour}`;
    const [run, ms] = await timed(() => deploy({ 'notify-webhook': url }));
    const delayMs = ms - plainMs;
    observe(ctx, {
      injected: `notify-webhook answering with ${MISBEHAVIOURS[behaviour]}`,
      observed: `exit ${run.exitCode}, deploy ${run.outputs.status}, ${(delayMs / 1000).toFixed(1)} s slower than without a webhook; warnings: ${run.warnings.join(' | ')}; ${server.openConnections()} connection(s) left open`,
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.status).toBe('success');
    expect(delayMs).toBeLessThan(6_500);
    expect(run.warnings).toEqual([expect.stringMatching(warning)]);
    expect(run.warnings.join('')).not.toContain(server.url);
    expect(server.openConnections()).toBe(0);
  });

  it('the job is cancelled while the webhook hangs: the ending message gets 2 s of its own, the step still ends before the runner SIGTERMs, nothing left open', async (ctx) => {
    const url = `${server.url}/hang`;
    const cancelAfterMs = 1_500;
    const [run, ms] = await timed(() => deploy({ 'notify-webhook': url }, 20, { cancelAfterMs }));
    const exitAfterCancelMs = ms - cancelAfterMs;
    observe(ctx, {
      injected: "notify-webhook that never answers; SIGINT (the runner's cancel) 1.5 s into a 20 s deploy command",
      observed: `exited ${(exitAfterCancelMs / 1000).toFixed(1)} s after SIGINT with code ${run.exitCode}, deploy ${run.outputs.status}; warnings: ${run.warnings.join(' | ')}; ${server.openConnections()} connection(s) left open`,
    });
    expect(exitAfterCancelMs).toBeLessThan(7_500);
    expect(run.outputs.status).toBe('error');
    // "Deploying" is stopped by the cancel without a word; "failed" is tried for its own 2 s.
    expect(run.warnings.filter((w) => w.startsWith('notify'))).toEqual([expect.stringMatching(/^notify-webhook: delivery failed: timed out after 2 s; /)]);
    expect(server.openConnections()).toBe(0);
  });

  it('a hostile version label cannot mention the channel or add a link', async (ctx) => {
    const chat = await startWebhookReceiver();
    try {
      const version = '<!channel> <https://evil.example/login|sign in> @everyone';
      const run = await deploy({ 'notify-webhook': chat.url, version });
      const shown = chat.messages.map((m) => [m.text, ...(m.blocks ?? []).map((b) => b.text?.text ?? '')].join('\n')).join('\n');
      observe(ctx, {
        injected: `version: '${version}' with notify-webhook set`,
        observed: `exit ${run.exitCode}; the chat got: ${chat.headlines().join(' | ')}`,
      });
      expect(run.exitCode).toBe(0);
      expect(chat.messages).toHaveLength(2);
      expect(shown).not.toMatch(/<!channel>|<https:\/\/evil|@everyone/);
      expect(chat.headlines()[1]).toBe('✅ Deployed &lt;!channel&gt; &lt;https://evil.example/login\\|sign in&gt; @\u2060everyone (1111111) to staging');
    } finally {
      await chat.close();
    }
  });

  it('a version label with a Markdown link and image cannot make either on Mattermost or Discord', async (ctx) => {
    const chat = await startWebhookReceiver();
    try {
      const version = '[Approve](https://evil.example) ![px](https://evil.example/p.png) **x**';
      const run = await deploy({ 'notify-webhook': chat.url, version });
      observe(ctx, {
        injected: `version: '${version}' with notify-webhook set`,
        observed: `exit ${run.exitCode}; the chat's text: ${chat.headlines().join(' | ')}`,
      });
      expect(run.exitCode).toBe(0);
      expect(chat.headlines()[1]).toBe('✅ Deployed \\[Approve\\](https://evil.example) !\\[px\\](https://evil.example/p.png) \\*\\*x\\*\\* (1111111) to staging');
    } finally {
      await chat.close();
    }
  });
});
