import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRouter } from './routers';

let dir: string;
let file: string;
const node = JSON.stringify(process.execPath);
const ok = `${node} -e ""`;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shipgate-nginx-router-'));
  file = join(dir, 'upstream.conf');
  writeFileSync(file, 'upstream app {\n  server 10.0.0.5:80;  # stable\n  server 10.0.0.9:80 down;  # canary\n}\n');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const router = (values: Record<string, string>) =>
  createRouter('nginx', (name) => ({ 'nginx-config': file, 'nginx-test-command': ok, 'nginx-reload-command': ok, ...values })[name] ?? '', {
    timeoutMs: 10_000,
    log: () => {},
    stdout: new PassThrough(),
    stderr: new PassThrough(),
  });

describe('nginx router (commands stubbed; real nginx in test/traffic-nginx.test.ts)', () => {
  it('runs the config test before the reload, and does not reload when the test fails', async () => {
    const order = join(dir, 'order');
    const record = (what: string, code = 0) => `${node} -e "require('fs').appendFileSync(process.argv[1], '${what} '); process.exit(${code})" ${order}`;
    await router({ 'nginx-test-command': record('test'), 'nginx-reload-command': record('reload') }).setWeight(10);
    expect(readFileSync(order, 'utf8')).toBe('test reload ');
    await expect(router({ 'nginx-test-command': record('test', 1), 'nginx-reload-command': record('reload') }).setWeight(50)).rejects.toThrow(
      /^Input 'nginx-config' could not set the canary weight to 50%: the config test .* failed, so nginx was not reloaded: command exited with code 1; .* is back as it was and the previous weight \(10% canary\) is still in force$/,
    );
    expect(readFileSync(order, 'utf8')).toBe('test reload test ');
    expect(await router({}).getWeight()).toBe(10);
  });

  it('says nothing changed when the file cannot be replaced', async () => {
    // A name so long that the temp file beside it cannot be created (ENAMETOOLONG), even as root.
    const longName = join(dir, `${'u'.repeat(240)}.conf`);
    writeFileSync(longName, readFileSync(file));
    file = longName;
    await expect(router({}).setWeight(25)).rejects.toThrow(/^Input 'nginx-config' could not set the canary weight to 25%: .* could not be replaced \(ENAMETOOLONG\); nothing was changed and the previous weight \(0% canary\) is still in force$/);
    expect(readFileSync(longName, 'utf8')).toContain('down;  # canary');
  });
});
