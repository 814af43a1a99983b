import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ShipgateError } from '@shipgate/core';
import { describe, expect, it } from 'vitest';
import { loadChecks, parseChecks } from './checks-file';

function errorOf(run: () => unknown): ShipgateError {
  try {
    run();
  } catch (error) {
    if (error instanceof ShipgateError) return error;
    throw error;
  }
  throw new Error('expected a ShipgateError');
}

const FILE = `checks:
  - name: health
    path: /health
    expect:
      status: 200
      json: { status: ok }
      max-latency: 500ms
  - path: /api/v1/initialize
    method: post
    body: { user: smoke }
  - name: report
    path: /report
    expect:
      status: abc
load: { path: /health, requests: 100, concurrency: 10 }
thresholds: { error-rate: "<0.5%", p99: "<200ms" }
`;

describe('checks file', () => {
  it('parses the contract example, normalising methods, durations and thresholds', () => {
    const parsed = parseChecks(FILE.replace('status: abc', 'status: [200, 204]'), 'smoke.yml');
    expect(parsed.checks[0]).toMatchObject({ name: 'health', path: '/health', expect: { status: 200, json: { status: 'ok' }, 'max-latency': 500 } });
    expect(parsed.checks[1]).toMatchObject({ method: 'POST', body: { user: 'smoke' } });
    expect(parsed.checks[2]?.expect?.status).toEqual([200, 204]);
    expect(parsed.load).toEqual({ path: '/health', requests: 100, concurrency: 10 });
    expect(parsed.thresholds?.map((t) => t.expression)).toEqual(['error-rate<0.5%', 'p99<200ms']);
  });

  it('names the file, the item and the line of a bad value', () => {
    const error = errorOf(() => parseChecks(FILE, 'smoke.yml'));
    expect(error.message).toBe('checks file smoke.yml: checks[2].expect.status: expected a status code like 200, a list like [200, 204] or a class like "2xx"; got "abc"');
    expect(error.annotation).toEqual({ file: 'smoke.yml', line: 14 });
  });

  it('reports an unknown key (a typo) at its line', () => {
    const error = errorOf(() => parseChecks('checks:\n  - path: /\n    expects: { status: 200 }\n', 'c.yml'));
    expect(error.message).toContain("checks[0]: unknown key 'expects'");
    expect(error.annotation).toEqual({ file: 'c.yml', line: 3 });
  });

  it('refuses path and url together, a bad threshold, and a missing checks list', () => {
    expect(errorOf(() => parseChecks('checks: [{ path: /, url: "https://x.test/" }]', undefined)).message).toBe(
      "Input 'checks': checks[0]: set either path or url, not both",
    );
    expect(errorOf(() => parseChecks('checks: [{ path: / }]\nthresholds: { p99: "<fast" }', undefined)).message).toContain(
      'thresholds.p99: expected p99: "<limit>"; \'p99<fast\': p99 needs a duration',
    );
    expect(errorOf(() => parseChecks('load: { requests: 10 }', undefined)).message).toContain("checks: expected a list of checks");
  });

  it('reads JSON files, and reports YAML syntax errors with their line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'checks-'));
    writeFileSync(join(dir, 'smoke.json'), JSON.stringify({ checks: [{ url: 'https://app.test/health', expect: { status: '2xx' } }] }));
    expect(loadChecks('smoke.json', dir).checks[0]?.url).toBe('https://app.test/health');
    writeFileSync(join(dir, 'broken.yml'), 'checks:\n  - path: /\n   bad: [\n');
    const error = errorOf(() => loadChecks('./broken.yml', dir));
    expect(error.message).toMatch(/^checks file broken\.yml, line \d: not valid YAML or JSON/);
    expect(error.annotation?.file).toBe('broken.yml');
    expect(errorOf(() => loadChecks('missing.yml', dir)).message).toBe("Input 'checks' names a checks file that does not exist: missing.yml");
  });

  it('defaults to GET / expecting 2xx', () => {
    expect(loadChecks('', '/')).toEqual({ checks: [{ path: '/' }] });
  });
});

describe('hostile checks', () => {
  const aliasBomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`), 'checks: [{ path: / }]'].join('\n');

  it.each([
    ['a YAML alias bomb', aliasBomb, 'too many aliases'],
    ['a check name holding a newline and a workflow command', 'checks: [{ name: "ok\\n::add-mask::x", path: / }]', 'expected a name on one line; it holds a newline (U+000A)'],
    ['a 1 MB check name', `checks: [{ name: "${'n'.repeat(1_000_000)}", path: / }]`, 'expected a name of at most 200 characters'],
    ['a path with a carriage return', 'checks: [{ path: "/\\r::error::x" }]', 'it holds a carriage return'],
    ['more checks than a smoke test runs', `checks: [${Array(501).fill('{ path: / }').join(',')}]`, 'expected at most 500 checks'],
    ['a header name that would split the request', 'checks: [{ path: /, headers: { "X-A\\nB": v } }]', 'headers.X-A\\u000aB: expected a map of header names to values'],
    ['a max-latency longer than any timer', 'checks: [{ path: /, expect: { max-latency: 600h } }]', 'at most 24h'],
  ])('refuses %s as one input error', (_what, text, expected) => {
    expect(errorOf(() => parseChecks(text, undefined)).message).toContain(expected);
  });

  it('refuses a URL with user:password@ without ever repeating the credentials', () => {
    const error = errorOf(() => parseChecks('checks: [{ url: "https://deploy:hunter2@app.test/health" }]', 'smoke.yml'));
    expect(error.message).toContain('checks[0].url: expected an http:// or https:// URL without user:password@');
    expect(error.message).not.toContain('hunter2');
  });

  it('never quotes a header value or a file that is not a checks document', () => {
    expect(errorOf(() => parseChecks('checks: [{ path: /, headers: { Authorization: "Bearer a\\u0000b" } }]', undefined)).message).not.toContain('Bearer');
    const notChecks = errorOf(() => parseChecks('root:x:0:0:root:/root:/bin/bash\n', 'passwd'));
    expect(notChecks.message).not.toContain('root:x');
  });

  it('refuses a checks path outside the workspace, a directory and a huge file, naming the input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'checks-'));
    mkdirSync(join(dir, 'checks.d'));
    writeFileSync(join(dir, 'huge.yml'), `checks: [{ path: / }]\n#${'x'.repeat(2 * 1024 * 1024)}\n`);
    for (const [path, expected] of [
      ['/etc/passwd', 'is outside it'],
      ['../../etc/passwd', 'is outside it'],
      ['checks.d', 'is a directory'],
      ['huge.yml', 'may be at most 1024 KiB'],
    ] as const) {
      const error = errorOf(() => loadChecks(path, dir));
      expect(error.message).toContain("Input 'checks'");
      expect(error.message).toContain(expected);
      expect(error.message).not.toContain('root:');
    }
  });
});
