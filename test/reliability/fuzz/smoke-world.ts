import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { TEST_SHA } from '../../helpers/run-action';
import type { Judged } from './campaign';
import { ALL_SECRETS, SECRETS, token, urlInput } from './cases';
import { boolean, duration, hostileText, singleLine, wholeNumber, type Candidate } from './hostile';
import { runInProcess, type ActionMain } from './in-process';
import { classify, violations, type CaseFacts } from './properties';
import { SHA_MAIN, type World } from './world';

export const SMOKE = 'smoke-test';
/** The headers every baseline case sends: an auth scheme with a credential, and a bare secret value. */
export const SECRET_HEADERS = `Authorization: Bearer ${SECRETS.bearer}\nX-Api-Key: ${SECRETS.headerValue}`;

export function smokeBaseline(world: World): Record<string, string> {
  return {
    url: world.app.url,
    environment: 'staging',
    checks: '',
    'wait-timeout': '300ms',
    'request-timeout': '2s',
    'load-requests': '0',
    'load-concurrency': '10',
    thresholds: '',
    headers: SECRET_HEADERS,
    sha: TEST_SHA,
    record: 'true',
    report: '',
    'github-token': `ghs_${SECRETS.token}`,
    'dry-run': 'false',
  };
}

/** A staging deployment with an environment_url, so an empty `url` input has something to find. */
export function seedStagingUrl(world: World): void {
  world.emulator.seedDeployment({
    sha: SHA_MAIN,
    environment: 'staging',
    payload: { shipgate: { kind: 'deploy', version: 'v1' } },
    statuses: [{ state: 'success', environmentUrl: world.app.url }],
  });
  mkdirSync(join(world.sandbox.workspace, 'smoke'), { recursive: true });
  writeFileSync(join(world.sandbox.workspace, 'smoke', 'checks.yml'), 'checks:\n  - name: health\n    path: /health\n    expect: { status: 200, json: { status: ok } }\n');
}

/** A control character a header value cannot hold: RFC 9110 field-value allows HTAB (obs-text aside), nothing else below 0x20, nor DEL. */
const HEADER_VALUE_CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/** `headers`: good lines, secrets wrapped in hostile text, bad names, control characters. */
export const headerLines = (): fc.Arbitrary<Candidate> =>
  fc
    .oneof(
      { weight: 2, arbitrary: fc.constantFrom(SECRET_HEADERS, '', 'X-Trace: 1', 'X-Trace: a\tb', `Authorization: token ${SECRETS.bearer}`, `Cookie: session=${SECRETS.headerValue}`) },
      { weight: 3, arbitrary: fc.tuple(fc.constantFrom('Authorization: Bearer ', 'X-Api-Key: ', 'X-Echo: '), hostileText(), fc.constantFrom(SECRETS.bearer, SECRETS.headerValue)).map(([head, text, secret]) => `${head}${secret}${text}`) },
      { weight: 2, arbitrary: fc.tuple(hostileText(), fc.constantFrom(SECRETS.headerValue)).map(([name, secret]) => `${name}: ${secret}`) },
      { weight: 1, arbitrary: fc.array(hostileText(), { maxLength: 3 }).map((lines) => [SECRET_HEADERS, ...lines].join('\n')) },
    )
    .map((value) => {
      const badValue = value.split('\n').some((line) => line.trim().includes(':') && HEADER_VALUE_CONTROL.test(line.slice(line.indexOf(':') + 1).trim()));
      return badValue ? { value, mustRefuse: 'a control character in a header value' } : { value };
    });

/** `report`: workspace and runner-temp paths, and paths leading out (traversal, absolute, symlink, directory). Never a real system path: the suite runs as root. */
export function reportPath(world: World): fc.Arbitrary<Candidate> {
  const { outside, runnerTemp } = world.sandbox;
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('', 'reports/smoke.json', 'smoke-out.json', join(runnerTemp, 'smoke-report.json'), 'reports/new/deeper/report.json').map((value) => ({ value })) },
    {
      weight: 3,
      arbitrary: fc
        .constantFrom('../outside/victim.txt', join(outside, 'victim.txt'), 'report-link.json', 'outside-dir/new.json', join(outside, 'new.json'), 'a-directory.yml', 'reports', './', '../outside/new.json', 'reports/../../outside/x.json')
        .map((value) => ({ value, mustRefuse: 'a report path that is outside the workspace, a link out of it, or a directory' })),
    },
    {
      weight: 2,
      arbitrary: hostileText().map((text) => {
        const value = `reports/${text.replace(/[/]/g, '_').replace(/^\.+/, '_')}`;
        return value.includes('\0') ? { value, mustRefuse: 'a NUL character in a path' } : { value };
      }),
    },
  );
}

export function smokeInputs(world: World): Record<string, fc.Arbitrary<Candidate>> {
  return {
    url: urlOrEmpty(world),
    environment: singleLine(['staging', 'production', 'qa eu', 'x'.repeat(240)], { maxLength: 255 }),
    'wait-timeout': duration({ maxValidMs: 300 }),
    'request-timeout': duration({ maxValidMs: 2000, zero: 'refuse' }),
    'load-requests': wholeNumber(0, 1_000_000, 30),
    'load-concurrency': wholeNumber(1, 1_000, 20),
    thresholds: fc.oneof(fc.constantFrom('', 'error-rate<0.5%, p99<200ms', 'p95<1s', 'rate>1', 'max<10s\navg<5s'), hostileText()).map((value) => ({ value })),
    headers: headerLines(),
    sha: singleLine([TEST_SHA, SHA_MAIN, 'main', 'develop']),
    record: boolean(),
    report: reportPath(world),
    'github-token': token(),
    'dry-run': boolean(),
  };
}

const urlOrEmpty = (world: World) => urlInput([world.app.url, `${world.app.url}/`, `${world.app.url}/base`, '', `http://127.0.0.1:${world.closedPort}`], '127.0.0.1');

/** Runs smoke-test in-process and judges it; the report file it names is one more output channel. */
export async function judgeSmoke(inputs: Record<string, Candidate>, world: World, main: ActionMain, aliases?: CaseFacts['aliases']): Promise<Judged> {
  const values = Object.fromEntries(Object.entries(inputs).map(([k, c]) => [k, c.value]));
  const run = await runInProcess(SMOKE, main, { inputs: values, emulator: world.emulator });
  const calls = world.sandbox.takeCalls();
  const files: Record<string, string> = {};
  const reportFile = run.outputs.report;
  if (reportFile && existsSync(reportFile) && statSync(reportFile).isFile()) files.report = readFileSync(reportFile, 'utf8');
  const facts: CaseFacts = { inputs, secrets: ALL_SECRETS, verdict: /^smoke test of [\s\S]* failed: /, files, aliases };
  const found = violations(run, facts, world.sandbox, calls);
  return {
    kind: classify(run, facts).kind,
    violations: found,
    durationMs: run.durationMs,
    mustRefuse: Object.values(inputs).some((c) => c.mustRefuse !== undefined),
    shown: { inputs, outcome: run.outcome.kind === 'shipgate-error' ? run.outcome.message.slice(0, 300) : run.outcome.kind },
  };
}
