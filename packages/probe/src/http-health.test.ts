import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { waitUntilHealthy } from './http-health';
import { attemptTimeout } from './wait-until';

describe('waitUntilHealthy', () => {
  it('gives the attempt at the deadline time to answer, so it reports what the target said', async () => {
    // Answers 503 after 100 ms: the attempt made when the 300 ms are up used to get a 0-1 ms
    // timeout and report "no answer within 1ms" instead of the real problem.
    const server = createServer((_req, res) => void setTimeout(() => res.writeHead(503).end(), 100));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
      const result = await waitUntilHealthy(url, { timeoutMs: 300 });
      expect(result).toMatchObject({ ok: false, detail: 'HTTP 503' });
      expect(result.attempts).toBeGreaterThanOrEqual(2);
    } finally {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    }
  });

  it('bounds each attempt by the time left, at least a second, at most the cap', () => {
    expect(attemptTimeout(0, 10_000)).toBe(1_000);
    expect(attemptTimeout(4_000, 10_000)).toBe(4_000);
    expect(attemptTimeout(60_000, 10_000)).toBe(10_000);
  });
});
