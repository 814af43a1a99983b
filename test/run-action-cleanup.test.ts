import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAction } from './helpers/run-action';

// runAction's folders (outputs, summary, RUNNER_TEMP, the workspace) once piled up in /tmp by the thousand.
describe('runAction cleans up after itself', () => {
  let runFolder = '';

  it('keeps the run folder while the test that ran the action reads its report', async () => {
    const server = createServer((_req, res) => res.end('ok')).listen(0, '127.0.0.1');
    await new Promise((ready) => server.once('listening', ready));
    try {
      const run = await runAction('smoke-test', { inputs: { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, record: 'false', report: 'report.json' } });
      expect(run.exitCode).toBe(0);
      const report = run.outputs.report ?? '';
      expect(existsSync(report)).toBe(true);
      runFolder = dirname(report);
    } finally {
      server.close();
    }
  });

  it('deletes it once that test has ended', () => {
    expect(runFolder).not.toBe('');
    expect(existsSync(runFolder)).toBe(false);
  });
});
