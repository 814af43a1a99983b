import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createNotifier, type ActionEvent } from './notifier';

interface Receiver {
  url: string;
  /** The `text` of each message received, in order. */
  texts: string[];
  requests: number;
  close(): Promise<void>;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve).closeAllConnections())));
});

/** A webhook receiver on 127.0.0.1; `answer` decides per request (by its 0-based index). */
async function receiver(answer: (index: number, res: ServerResponse) => void = (_i, res) => res.end('ok')): Promise<Receiver> {
  const state = { texts: [] as string[], requests: 0 };
  const server = createServer((req: IncomingMessage, res) => {
    const index = state.requests++;
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      state.texts.push((JSON.parse(body) as { text: string }).text);
      answer(index, res);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/services/T000/B000/secret-token-xyz`,
    get texts() {
      return state.texts;
    },
    get requests() {
      return state.requests;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const started: ActionEvent = { kind: 'deploy-started', environment: 'staging', version: 'v2', sha: 'b'.repeat(40) };
const failed: ActionEvent = { ...started, kind: 'deploy-failed', reason: 'health check failed' };
const succeeded: ActionEvent = { ...started, kind: 'deploy-succeeded' };

function collect() {
  const warnings: string[] = [];
  return { warnings, warning: (line: string) => warnings.push(line), signal: new AbortController().signal };
}

describe('createNotifier', () => {
  it('delivers in order, and the incident webhook gets only the failure', async () => {
    const deploys = await receiver((_i, res) => setTimeout(() => res.end('ok'), 50));
    const incidents = await receiver();
    const io = collect();
    const notifier = createNotifier({ webhook: deploys.url, failureWebhook: incidents.url }, io);
    void notifier.send(started);
    await notifier.send(failed);
    await notifier.settle();
    expect(deploys.texts.map((t) => t.split('\n')[0])).toEqual(['🚀 Deploying v2 (bbbbbbb) to staging', '❌ Deploy of v2 (bbbbbbb) to staging failed']);
    expect(incidents.texts.map((t) => t.split('\n')[0])).toEqual(['❌ Deploy of v2 (bbbbbbb) to staging failed']);
    expect(io.warnings).toEqual([]);
  });

  it('posts once when both inputs hold the same URL', async () => {
    const one = await receiver();
    const notifier = createNotifier({ webhook: one.url, failureWebhook: one.url }, collect());
    await notifier.send(failed);
    expect(one.requests).toBe(1);
  });

  it('retries a 500 once, then warns once without the URL and skips that webhook for the rest of the step', async () => {
    const broken = await receiver((_i, res) => {
      res.statusCode = 500;
      res.end('internal_error');
    });
    const io = collect();
    const notifier = createNotifier({ webhook: broken.url }, io);
    await notifier.send(started);
    await notifier.send(succeeded);
    expect(broken.requests).toBe(2);
    expect(io.warnings).toEqual(['notify-webhook: delivery failed: HTTP 500 (internal_error) (twice); the step goes on, and later messages of this step are not sent to this webhook']);
  });

  it('a second attempt that works is a delivery, without warning', async () => {
    const flaky = await receiver((index, res) => {
      res.statusCode = index === 0 ? 503 : 200;
      res.end();
    });
    const io = collect();
    await createNotifier({ webhook: flaky.url }, io).send(failed);
    expect(flaky.requests).toBe(2);
    expect(io.warnings).toEqual([]);
  });

  it('gives up on a webhook that never answers at the deadline, the queued message included', async () => {
    const hanging = await receiver(() => undefined);
    const io = collect();
    const notifier = createNotifier({ webhook: hanging.url }, { ...io, budgetMs: 600 });
    const t0 = performance.now();
    void notifier.send(started);
    await notifier.send(succeeded);
    await notifier.settle();
    const took = performance.now() - t0;
    expect(took).toBeGreaterThanOrEqual(550);
    expect(took).toBeLessThan(1_500);
    expect(io.warnings).toHaveLength(1);
    expect(io.warnings[0]).toMatch(/^notify-webhook: delivery failed: timed out after 0.6 s;/);
    expect(hanging.requests).toBe(1);
  });

  it('says "connection refused" for a webhook that is down, never its URL', async () => {
    const gone = await receiver();
    await gone.close();
    const io = collect();
    await createNotifier({ webhook: gone.url }, io).send(failed);
    expect(io.warnings).toHaveLength(1);
    expect(io.warnings[0]).toMatch(/^notify-webhook: delivery failed: connection refused \(twice\)/);
    expect(io.warnings[0]).not.toContain('127.0.0.1');
    expect(io.warnings[0]).not.toContain('secret-token');
  });

  it('stops at once, without a warning, when the job is cancelled', async () => {
    const hanging = await receiver(() => undefined);
    const controller = new AbortController();
    const warnings: string[] = [];
    const notifier = createNotifier({ webhook: hanging.url }, { warning: (w) => warnings.push(w), signal: controller.signal });
    const t0 = performance.now();
    const sending = notifier.send(started);
    setTimeout(() => controller.abort(new Error('cancelled (SIGINT)')), 100);
    await sending;
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(warnings).toEqual([]);
  });

  it('masks a secret a reason quotes', async () => {
    const one = await receiver();
    await createNotifier({ webhook: one.url }, { ...collect(), secrets: ['ghs_supersecret'] }).send({ ...failed, reason: 'GitHub said: bad credentials ghs_supersecret' });
    expect(one.texts[0]).toContain('Reason: GitHub said: bad credentials \\*\\*\\*');
  });

  it('gives the step one budget for all its messages: slow answers add up to it, not past it, and the warning says so honestly', async () => {
    // 200 "ok" after 400 ms: slow, but each message is taken.
    const slow = await receiver((_i, res) => setTimeout(() => res.end('ok'), 400));
    const io = collect();
    const notifier = createNotifier({ webhook: slow.url }, { ...io, budgetMs: 1_000 });
    const t0 = performance.now();
    await notifier.send(started);
    await notifier.send(failed);
    await notifier.send(succeeded);
    await notifier.send(succeeded);
    await notifier.settle();
    const took = performance.now() - t0;
    // Each message with its own 1 s would take 4 × 400 ms.
    expect(took).toBeLessThan(1_250);
    // The first two are taken; the third gets what they left, and the fourth is not tried.
    expect(slow.requests).toBe(3);
    expect(io.warnings).toHaveLength(1);
    expect(io.warnings[0]).toMatch(/^notify-webhook: delivery failed: no answer within the 1 s for this step's messages \(0\.[789] s went to earlier ones, 0\.[123] s to this one\); the step goes on/);
    expect(io.warnings[0]).not.toMatch(/timed out after/);
  });

  it('after a cancel, the ending message still goes out, on a short budget of its own', async () => {
    // The first message hangs (and is stopped by the cancel); the ending one is answered.
    const chat = await receiver((index, res) => (index === 0 ? undefined : res.end('ok')));
    const controller = new AbortController();
    const warnings: string[] = [];
    const notifier = createNotifier({ webhook: chat.url }, { warning: (w) => warnings.push(w), signal: controller.signal });
    const sending = notifier.send(started);
    setTimeout(() => controller.abort(new Error('cancelled (SIGINT)')), 100);
    await sending;
    await notifier.send(failed);
    await notifier.settle();
    expect(chat.texts.map((t) => t.split('\n')[0])).toEqual(['🚀 Deploying v2 (bbbbbbb) to staging', '❌ Deploy of v2 (bbbbbbb) to staging failed']);
    expect(warnings).toEqual([]);
  });

  it('after a cancel, a webhook that hangs holds the ending message for the cancel budget only', async () => {
    const hanging = await receiver(() => undefined);
    const controller = new AbortController();
    controller.abort(new Error('cancelled (SIGINT)'));
    const io = { ...collect(), signal: controller.signal };
    const t0 = performance.now();
    await createNotifier({ webhook: hanging.url }, { ...io, cancelBudgetMs: 400 }).send(failed);
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(hanging.requests).toBe(1);
    expect(io.warnings).toEqual([expect.stringMatching(/^notify-webhook: delivery failed: timed out after 0\.4 s;/)]);
  });

  it('does not retry a connection dropped after the message was sent: the chat may have posted it', async () => {
    const dropping = await receiver((_i, res) => res.socket?.destroy());
    const io = collect();
    await createNotifier({ webhook: dropping.url }, io).send(failed);
    expect(dropping.requests).toBe(1);
    expect(io.warnings).toEqual([expect.stringMatching(/^notify-webhook: delivery failed: connection closed before an answer; /)]);
  });

  it('honours Retry-After when it fits in the budget, and does not retry when it does not', async () => {
    const limited = (seconds: string) => receiver((index, res) => {
      if (index > 0) return void res.end('ok');
      res.writeHead(429, { 'retry-after': seconds }).end('rate_limited');
    });
    const soon = await limited('1');
    const io = collect();
    const t0 = performance.now();
    await createNotifier({ webhook: soon.url }, { ...io, budgetMs: 3_000 }).send(failed);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(950);
    expect(soon.requests).toBe(2);
    expect(io.warnings).toEqual([]);

    const late = await limited('30');
    const io2 = collect();
    await createNotifier({ webhook: late.url }, { ...io2, budgetMs: 3_000 }).send(failed);
    expect(late.requests).toBe(1);
    expect(io2.warnings).toEqual([expect.stringMatching(/^notify-webhook: delivery failed: HTTP 429 \(rate_limited\); /)]);
  });

  it('quotes only Slack\'s known error codes from an answer: a body echoing a piece of the URL is not shown', async () => {
    const echo = await receiver((index, res) => {
      res.statusCode = 400;
      res.end(index === 0 ? 'secret-token-xyz' : 'invalid_payload');
    });
    const io = collect();
    await createNotifier({ webhook: echo.url }, io).send(failed);
    await createNotifier({ webhook: echo.url }, io).send(failed);
    expect(io.warnings).toEqual([expect.stringMatching(/^notify-webhook: delivery failed: HTTP 400; /), expect.stringMatching(/^notify-webhook: delivery failed: HTTP 400 \(invalid_payload\); /)]);
  });

  it('does not follow a redirect, and says to use the final URL', async () => {
    const moved = await receiver((_i, res) => res.writeHead(301, { location: 'http://127.0.0.1:1/elsewhere' }).end());
    const io = collect();
    await createNotifier({ webhook: moved.url }, io).send(failed);
    expect(moved.requests).toBe(1);
    expect(io.warnings).toEqual([expect.stringMatching(/^notify-webhook: delivery failed: HTTP 301: redirects are not followed; use the final URL; /)]);
  });

  it('keeps a command\'s output out of the chat: the reason ends at its exit code', async () => {
    const chat = await receiver();
    const notifier = createNotifier({ webhook: chat.url }, collect());
    await notifier.send({ ...failed, kind: 'canary-rolled-back', reason: 'canary stopped at step 1/2: command exited with code 2: router down token=abc; traffic back on stable' });
    await notifier.send({ ...failed, reason: 'redeploy failed: command exited with code 3 (its last output line: password=hunter2; the full output is in the log above)' });
    expect(chat.texts[0]).toContain('Reason: canary stopped at step 1/2: command exited with code 2 (its output is in the run log)');
    expect(chat.texts[1]).toContain('Reason: redeploy failed: command exited with code 3 (its output is in the run log)');
    expect(chat.texts.join('\n')).not.toMatch(/router down|hunter2/);
  });

  it('sends nothing without a webhook', async () => {
    const notifier = createNotifier({}, collect());
    await notifier.send(failed);
    await notifier.settle();
  });
});
