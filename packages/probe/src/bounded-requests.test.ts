import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMisbehavingServer, type MisbehavingServer } from '../../../test/helpers/misbehaving-server';
import { runCheck, type HttpCheck } from './http-check';
import { checkHealthOnce } from './http-health';
import { runLoad } from './load-burst';
import { waitForCheck } from './readiness';

// Every request the probe sends is bounded as a whole, body included, whatever the server does;
// a hang here shows up as the test's own timeout.
let server: MisbehavingServer;
beforeAll(async () => {
  server = await startMisbehavingServer();
});
afterAll(() => server.close());

const HOURS_2000 = 2000 * 3600 * 1000;
const LISTEN_WITHOUT_ACCEPTING = `require('node:net').createServer().listen({ port: 0, host: '127.0.0.1', backlog: 1 }, function () { console.log(this.address().port) })`;
const check = (path: string, expect: HttpCheck['expect'] = { status: '2xx' }): HttpCheck => ({
  name: path,
  method: 'GET',
  url: `${server.url}/${path}`,
  headers: {},
  expect,
});

describe('runCheck against misbehaving servers', () => {
  it('fails a check whose body drips or never ends when request-timeout is up, naming the body', async () => {
    for (const path of ['drip', 'endless']) {
      const result = await runCheck(check(path), { timeoutMs: 300 });
      expect(result).toMatchObject({ passed: false, status: 200, failures: ['body not complete within 300ms'] });
    }
  });

  it('reads at most 1 MiB of a body it inspects, and says so', async () => {
    const json = await runCheck(check('endless', { status: 200, json: { status: 'ok' } }), { timeoutMs: 5_000 });
    expect(json.failures).toEqual(['body is over 1 MiB, the most shipgate reads to compare JSON']);
    const text = await runCheck(check('endless', { status: 200, bodyContains: 'ok' }), { timeoutMs: 5_000 });
    expect(text.failures).toEqual([expect.stringMatching(/^body does not contain "ok" in its first 1 MiB \(got "\{\{\{/)]);
    const found = await runCheck(check('endless', { status: 200, bodyContains: '{{' }), { timeoutMs: 5_000 });
    expect(found.passed).toBe(true);
  });

  it('gives a clear failure for a close mid-body, 1xx without an answer, and garbage', async () => {
    const failures = async (path: string) => (await runCheck(check(path), { timeoutMs: 400 })).failures;
    expect(await failures('close-mid-body')).toEqual(['connection closed before the body was complete']);
    expect(await failures('informational-only')).toEqual(['no answer within 400ms']);
    expect(await failures('garbage')).toEqual([expect.stringMatching(/^not a valid HTTP answer: /)]);
    expect(await failures('hang')).toEqual(['no answer within 400ms']);
  });

  it('takes a request-timeout past what a Node timer holds without crashing or timing out at once', async () => {
    for (const timeoutMs of [3_000_000_000, HOURS_2000, Infinity]) {
      expect(await runCheck(check('ok'), { timeoutMs })).toMatchObject({ passed: true, status: 200 });
    }
  });

  it('stops a dripping request as soon as the job is cancelled', async () => {
    const cancel = new AbortController();
    setTimeout(() => cancel.abort(new Error('cancelled (SIGINT)')), 200);
    const result = await runCheck(check('drip'), { timeoutMs: 60_000, signal: cancel.signal });
    expect(result).toMatchObject({ passed: false, failures: ['cancelled (SIGINT)'] });
  });
});

describe('waitForCheck and checkHealthOnce against misbehaving servers', () => {
  it('ends the readiness wait with what the last attempt saw', async () => {
    const { wait } = await waitForCheck(check('drip'), { waitTimeoutMs: 500, requestTimeoutMs: 200, initialDelayMs: 50 });
    expect(wait).toMatchObject({ ok: false, detail: 'body not complete within 200ms' });
  });

  it('judges health by the status alone, never waiting on the body', async () => {
    expect(await checkHealthOnce(`${server.url}/drip`, 60_000)).toEqual({ ok: true, detail: 'HTTP 200' });
    expect(await checkHealthOnce(`${server.url}/informational-only`, 300)).toEqual({ ok: false, detail: 'no answer within 300ms' });
    expect(await checkHealthOnce(`${server.url}/garbage`, 300)).toMatchObject({ ok: false, detail: expect.stringMatching(/^not a valid HTTP answer: /) });
    expect(await checkHealthOnce(`${server.url}/ok`, HOURS_2000)).toEqual({ ok: true, detail: 'HTTP 200' });
  });
});

describe('runLoad against misbehaving servers', () => {
  it('ends every request of a burst against a dripping or endless body at request-timeout', async () => {
    for (const path of ['drip', 'endless']) {
      const result = await runLoad({ url: `${server.url}/${path}`, requests: 6, concurrency: 3, timeoutMs: 300 });
      expect(result).toMatchObject({ requests: 6, errors: 6, outcomes: { 'body not complete within 300ms': 6 }, latency: undefined });
    }
  });

  it('counts hangs, 1xx without an answer, closes mid-body and garbage as errors with a clear outcome', async () => {
    const outcomes = async (path: string) => (await runLoad({ url: `${server.url}/${path}`, requests: 4, concurrency: 2, timeoutMs: 300 })).outcomes;
    expect(await outcomes('hang')).toEqual({ 'no answer within 300ms': 4 });
    expect(await outcomes('informational-only')).toEqual({ 'no answer within 300ms': 4 });
    expect(await outcomes('close-mid-body')).toEqual({ 'connection closed before the body was complete': 4 });
    expect(Object.entries(await outcomes('garbage'))).toEqual([[expect.stringMatching(/^not a valid HTTP answer: /), 4]]);
  });

  it('aborts the requests in flight when cancelled, and leaves no connection open', async () => {
    const own = await startMisbehavingServer();
    try {
      const cancel = new AbortController();
      setTimeout(() => cancel.abort(new Error('cancelled (SIGINT)')), 200);
      const result = await runLoad({ url: `${own.url}/drip`, requests: 1_000, concurrency: 4, timeoutMs: 60_000, signal: cancel.signal });
      expect(result).toMatchObject({ requests: 4, errors: 0, outcomes: { cancelled: 4 } });
      await new Promise((done) => setTimeout(done, 50));
      expect(own.openConnections()).toBe(0);
    } finally {
      await own.close();
    }
  });

  it('ends a request still connecting at request-timeout (a target whose accept queue is full)', async () => {
    // A stopped process's listening socket takes a connection or two into its queue, then the
    // kernel drops further SYNs: those requests never reach undici's abortable stage.
    const listener = spawn(process.execPath, ['-e', LISTEN_WITHOUT_ACCEPTING], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const [port] = (await once(listener.stdout, 'data')) as [Buffer];
      process.kill(listener.pid as number, 'SIGSTOP');
      const result = await runLoad({ url: `http://127.0.0.1:${String(port).trim()}/`, requests: 12, concurrency: 6, timeoutMs: 300 });
      expect(result).toMatchObject({ requests: 12, errors: 12, outcomes: { 'no answer within 300ms': 12 } });
      // Not left to undici's own 10 s connect timeout: two rounds of 300 ms and the watchdog's slack.
      expect(result.durationMs).toBeLessThan(5_000);
    } finally {
      listener.kill('SIGKILL');
    }
  });

  it('takes a request-timeout past what a Node timer holds', async () => {
    const result = await runLoad({ url: `${server.url}/ok`, requests: 20, concurrency: 2, timeoutMs: HOURS_2000 });
    expect(result).toMatchObject({ requests: 20, errors: 0, outcomes: { 200: 20 } });
  });
});
