import { parseThresholdList, type Threshold } from '@shipgate/probe';
import { describe, expect, it } from 'vitest';
import { parseChecks } from './checks-file';
import { createRedactor } from './redact';
import { planSmoke, type SmokeSettings } from './smoke-plan';

const base = { url: 'https://app.test/base/', source: 'input' };
const settings = (over: Partial<SmokeSettings>): SmokeSettings => ({
  environment: 'staging',
  checks: parseChecks('checks:\n  - path: /health\n    headers: { X-Check: one }\n', undefined),
  waitTimeoutMs: 1000,
  requestTimeoutMs: 500,
  loadRequests: 0,
  loadConcurrency: 10,
  thresholds: [],
  headers: { authorization: 'Bearer t' },
  ...over,
});
const limits = (text: string) => parseThresholdList(text) as Threshold[];

describe('planSmoke', () => {
  it('joins paths to the base URL, merges headers and defaults the name and status', () => {
    const plan = planSmoke(settings({}), base);
    expect(plan.checks).toEqual([
      { name: 'GET /health', method: 'GET', url: 'https://app.test/base/health', headers: { authorization: 'Bearer t', 'X-Check': 'one' }, body: undefined, expect: expect.objectContaining({ status: '2xx' }) },
    ]);
    expect(plan.load).toBeUndefined();
  });

  it('lets inputs that differ from their defaults override the file, and the input threshold win per metric', () => {
    const checks = parseChecks('checks: [{ path: / }]\nload: { path: /ping, requests: 100, concurrency: 4 }\nthresholds: { p99: "<1s", error-rate: "<1%" }', undefined);
    const fromFile = planSmoke(settings({ checks }), base);
    expect(fromFile.load).toMatchObject({ url: 'https://app.test/base/ping', requests: 100, concurrency: 4, timeoutMs: 500 });
    const overridden = planSmoke(settings({ checks, loadRequests: 30, loadConcurrency: 2, thresholds: limits('p99<200ms') }), base);
    expect(overridden.load).toMatchObject({ requests: 30, concurrency: 2 });
    expect(overridden.thresholds.map((t) => t.expression)).toEqual(['p99<200ms', 'error-rate<1%']);
  });

  it('repeats the first check for a burst with no target of its own; refuses thresholds without a burst', () => {
    expect(planSmoke(settings({ loadRequests: 10 }), base).load).toMatchObject({ url: 'https://app.test/base/health', headers: { 'X-Check': 'one' } });
    expect(() => planSmoke(settings({ thresholds: limits('p99<200ms') }), base)).toThrow("Input 'thresholds' (p99<200ms) apply to the load burst, but there is none");
  });
});

describe('createRedactor', () => {
  it('masks every secret, longest first, including its JSON-escaped spelling', () => {
    const redact = createRedactor(['abc', 'abcdef', 'q"x', '']);
    expect(redact('abcdef / abc / {"v":"q\\"x"}')).toBe('*** / *** / {"v":"***"}');
    expect(createRedactor([])('unchanged')).toBe('unchanged');
  });
});
