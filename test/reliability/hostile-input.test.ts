import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, type TestContext } from 'vitest';
import { startEmulator, type Emulator } from '../emulator';
import { startApp, type LocalApp } from '../helpers/http-app';
import { repoRoot, runAction, scratchDir, TEST_SHA, TEST_TOKEN, type ActionRun, type RunOptions } from '../helpers/run-action';
import { observe } from './observe';

/**
 * Hostile values in inputs, files and server answers (issue 8, parts 3–5), run through the
 * committed bundles exactly as the runner runs them. The log is read the way the runner reads
 * it: every line starting with `::name` (after blanks) and every `##[name` anywhere is a
 * workflow command; a scenario passes only if shipgate issued none the user did not write.
 */

const TREE = 'e'.repeat(40);
let emulator: Emulator;
let apps: LocalApp[] = [];
let work: string;
let outside: string;

beforeEach(async () => {
  emulator = await startEmulator();
  emulator.addCommit({ sha: TEST_SHA, tree: TREE, parents: [], message: 'release' });
  work = scratchDir('shipgate-hostile-');
  outside = scratchDir('shipgate-outside-');
  writeFileSync(join(outside, 'secret.txt'), 'root:x:0:0:root:/root:/bin/bash\n');
});
afterEach(async () => {
  await emulator.close();
  await Promise.all(apps.map((app) => app.close()));
  apps = [];
});

const run = (action: string, inputs: Record<string, string>, options: RunOptions = {}) =>
  runAction(action, { apiUrl: emulator.url, cwd: work, timeoutMs: 30_000, ...options, inputs });
const deploy = (inputs: Record<string, string>) => run('staging-deploy', { ref: TEST_SHA, command: 'node -e 0', ...inputs });
const smoke = (inputs: Record<string, string>) => run('smoke-test', { 'wait-timeout': '2s', ...inputs });
const gate = (inputs: Record<string, string>) => run('staging-gate-check', inputs);

/** The workflow commands the runner would execute from this output: `::cmd` at a line's start, `##[cmd` anywhere. */
function runnerCommands(stdout: string): string[] {
  return stdout
    .split(/\r\n|\r|\n/)
    .flatMap((line) => [...(/^\s*::([\w-]+)/.exec(line)?.slice(1) ?? []), ...[...line.matchAll(/##\[([\w-]+)/g)].map((m) => m[1] as string)]);
}

/** Commands besides the ones shipgate issues itself (masking the token and header values, its annotations). */
const unexpectedCommands = (result: ActionRun) => runnerCommands(result.stdout).filter((c) => !['add-mask', 'error', 'warning'].includes(c));
const masks = (result: ActionRun) => result.stdout.split('\n').filter((line) => line.startsWith('::add-mask::')).map((line) => line.slice(12));

/** The one error line, as a user reads it: exit 1, a single `::error::` naming the input, no stack. */
function expectInputError(context: TestContext, result: ActionRun, input: string, injected: string): string {
  const line = result.errors.join(' | ');
  observe(context, { injected, observed: `exit ${result.exitCode}; ${result.errors.length} error line: ${line.slice(0, 200)}` });
  expect(result.exitCode).toBe(1);
  expect(result.errors).toHaveLength(1);
  expect(line).toContain(input);
  expect(line).not.toContain('a bug in shipgate');
  expect(line).not.toMatch(/\n\s+at /);
  return line;
}

const deploymentsCreated = () => emulator.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/deployments')).length;
const commitStatuses = () => emulator.commitStatusesOf(TEST_SHA);

describe('durations: bounded, refused before anything is created', () => {
  it.for<[string, string, string]>([
    ['command-timeout', '600h', 'above 2^31-1 ms a timer fires at once: the command was killed immediately'],
    ['command-timeout', '0', 'created a deployment, then failed it'],
    ['health-timeout', '2000h', 'a timer overflow'],
  ])('staging-deploy %s: %s is an input error and no deployment is created', async ([input, value, before], context) => {
    const result = await deploy({ [input]: value, command: `node -e "require('fs').writeFileSync('ran','')"` });
    expectInputError(context, result, `Input '${input}' must be a duration from`, `${input}: ${value} (before: ${before})`);
    expect(deploymentsCreated()).toBe(0);
    expect(existsSync(join(work, 'ran'))).toBe(false);
  });

  it('smoke-test request-timeout: 2000h is an input error, not a RangeError crash', async (context) => {
    const result = await smoke({ url: 'http://127.0.0.1:9', 'request-timeout': '2000h' });
    expectInputError(context, result, "Input 'request-timeout' must be a duration from 1ms to 24h", 'request-timeout: 2000h');
    expect(commitStatuses()).toEqual([]);
  });

  it('staging-gate-check min-soak beyond a year is an input error', async (context) => {
    const result = await gate({ 'min-soak': '99999999h' });
    expectInputError(context, result, "Input 'min-soak' must be a duration from 0 to 8760h", 'min-soak: 99999999h');
  });
});

describe("lengths: GitHub's limits checked before anything is sent", () => {
  it.for<[string, string, string]>([
    ['version', 'v'.repeat(10_000), 'at most 128 characters'],
    ['environment', 'e'.repeat(10_000), "at most 255 characters (GitHub's limit for an environment name)"],
  ])('staging-deploy refuses a 10 kB %s; no deployment is created', async ([input, value, expected], context) => {
    const result = await deploy({ [input]: value });
    expectInputError(context, result, `Input '${input}' must be ${expected}`, `${input}: ${value.length} characters`);
    expect(deploymentsCreated()).toBe(0);
  });

  it('smoke-test refuses a check name of 600 kB instead of writing a huge job summary', async (context) => {
    writeFileSync(join(work, 'smoke.yml'), `checks: [{ name: "${'n'.repeat(600_000)}", path: / }]`);
    const result = await smoke({ url: 'http://127.0.0.1:9', checks: 'smoke.yml' });
    expectInputError(context, result, 'checks[0].name: expected a name of at most 200 characters', 'a check name of 600,000 characters in the checks file');
    expect(Buffer.byteLength(result.summary)).toBeLessThan(1024);
  });

  it('smoke-test keeps a job summary of 2 MB of failure details under 1 MiB, saying it was cut', async (context) => {
    const app = await startApp((_req, res) => res.end('ok'));
    apps.push(app);
    const long = 'z'.repeat(60_000);
    const checks = `checks:\n  - { name: ready, path: / }\n  - { name: c0, path: /, expect: { body-contains: &long "${long}" } }\n${Array.from({ length: 34 }, (_, i) => `  - { name: c${i + 1}, path: /, expect: { body-contains: *long } }`).join('\n')}\n`;
    const result = await smoke({ url: app.url, checks, record: 'false' });
    const size = Buffer.byteLength(result.summary);
    observe(context, { injected: '35 failing checks, each quoting a 60 kB expectation (2 MB of summary)', observed: `exit ${result.exitCode}; summary ${size} bytes; note: ${/This summary was cut[^.]*/.exec(result.summary)?.[0] ?? 'none'}` });
    expect(result.exitCode).toBe(1);
    expect(size).toBeLessThanOrEqual(1024 * 1024);
    expect(result.summary).toContain('GitHub accepts at most 1 MiB per step');
    expect(result.errors.join('')).not.toContain('a bug in shipgate');
  });
});

describe('control characters and workflow-command injection', () => {
  const INJECTION = 'x\n::add-mask::ghs\n::stop-commands::halted\n::error::forged';

  it.for<[string, string]>([
    ['staging-deploy', 'version'],
    ['staging-deploy', 'environment'],
    ['smoke-test', 'environment'],
    ['staging-gate-check', 'source-environment'],
    ['staging-gate-check', 'target-environment'],
  ])('%s refuses a newline in %s: one error, no command run by the runner, nothing recorded', async ([action, input], context) => {
    const result = await run(action, { ref: TEST_SHA, command: 'node -e 0', url: 'http://127.0.0.1:9', [input]: INJECTION });
    expectInputError(context, result, `Input '${input}' must be one line without control characters; it holds a newline (U+000A)`, `${input}: ${JSON.stringify(INJECTION)}`);
    expect(unexpectedCommands(result)).toEqual([]);
    expect(masks(result).filter((mask) => mask !== TEST_TOKEN)).toEqual([]);
    expect(result.stdout).not.toContain('::stop-commands::');
    expect(deploymentsCreated()).toBe(0);
    expect(commitStatuses()).toEqual([]);
  });

  it.for<[string, string, string]>([
    ['staging-deploy', 'ref', '--output=/tmp/shipgate-pwned'],
    ['smoke-test', 'sha', '-c'],
    ['staging-gate-check', 'sha', '--upload-pack=touch pwned'],
  ])("%s refuses a %s starting with '-' (git would read it as an option)", async ([action, input, value], context) => {
    const result = await run(action, { command: 'node -e 0', url: 'http://127.0.0.1:9', [input]: value });
    expectInputError(context, result, `Input '${input}' must not start with '-'`, `${input}: ${value}`);
    expect(deploymentsCreated()).toBe(0);
  });

  it('smoke-test logs server bodies and check names without letting them start a workflow command', async (context) => {
    const body = 'ok\n::add-mask::leak\n::stop-commands::halt\n##[add-mask]leak2\n##[set-output name=x]y';
    const app = await startApp((_req, res) => res.end(body));
    apps.push(app);
    const checks = [
      'checks:',
      '  - { name: "ready", path: / }',
      '  - { name: "named ##[add-mask]in-a-name", path: / }',
      '  - { name: "body", path: /, expect: { body-contains: "absent" } }',
      '  - { name: "json", path: /, expect: { json: { status: ok } } }',
    ].join('\n');
    const result = await smoke({ url: app.url, checks });
    const commands = unexpectedCommands(result);
    observe(context, { injected: `server body ${JSON.stringify(body)}; a check named "named ##[add-mask]in-a-name"`, observed: `exit ${result.exitCode}; runner commands besides shipgate's own: ${JSON.stringify(commands)}; masks: ${JSON.stringify(masks(result))}` });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('in-a-name'); // the name is logged, just not as a command
    expect(commands).toEqual([]);
    expect(masks(result)).toEqual([TEST_TOKEN]);
    expect(commitStatuses().map((s) => s.context)).toEqual(['shipgate/smoke-test (staging)']);
  });

  it('the CLI, run from a workflow step, logs a check name and server body without starting a workflow command', async (context) => {
    const app = await startApp((_req, res) => res.end('ok\n::add-mask::leak\n##[add-mask]leak2'));
    apps.push(app);
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GITHUB_') && !k.startsWith('INPUT_')));
    const checks = 'checks: [{ name: "ready ##[add-mask]in-a-name", path: / }, { name: body, path: /, expect: { body-contains: absent } }]';
    // Asynchronously: the target app runs in this process and must keep answering.
    const child = spawn(process.execPath, [join(repoRoot, 'dist', 'cli', 'index.js'), 'smoke-test', '--url', app.url, '--checks', checks, '--record', 'false', '--wait-timeout', '5s'], { cwd: work, env });
    const result = { stdout: '', stderr: '', status: null as number | null };
    child.stdout.on('data', (chunk: Buffer) => (result.stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (result.stderr += chunk.toString()));
    result.status = await new Promise<number | null>((done) => child.on('close', done));
    const commands = runnerCommands(result.stdout + result.stderr);
    observe(context, { injected: 'CLI smoke-test: a check named "ready ##[add-mask]in-a-name", a body holding ::add-mask:: and ##[add-mask]', observed: `exit ${result.status}; runner commands in its output: ${JSON.stringify(commands)}` });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('in-a-name');
    expect(result.stdout).toContain('body does not contain');
    expect(commands).toEqual([]);
  });
});

describe('checks: confined to the workspace, content never echoed', () => {
  const refuses = async (context: TestContext, path: string, expected: string, setup?: () => void) => {
    setup?.();
    const app = await startApp((_req, res) => res.end('ok'));
    apps.push(app);
    const result = await smoke({ url: app.url, checks: path });
    const line = expectInputError(context, result, expected, `checks: ${path}`);
    for (const text of [result.stdout, result.stderr, result.summary]) expect(text).not.toContain('root:x');
    expect(line).toMatch(/Input 'checks'|checks file/);
    expect(app.requests).toEqual([]);
    expect(commitStatuses()).toEqual([]);
  };

  it('refuses /etc/passwd', (context) => refuses(context, '/etc/passwd', 'is outside it'));
  it('refuses a ../ path outside the workspace', (context) => refuses(context, '../../../../../../etc/passwd', 'is outside it'));
  it('refuses a symbolic link in the checkout pointing outside', (context) =>
    refuses(context, 'smoke.yml', 'a symbolic link that points outside the workspace', () => symlinkSync(join(outside, 'secret.txt'), join(work, 'smoke.yml'))));
  it('refuses a directory as a clear input error, not a crash', (context) => refuses(context, '.github', 'is a directory', () => mkdirSync(join(work, '.github'))));
  it('refuses a 2 MB file', (context) =>
    refuses(context, 'huge.yml', 'may be at most 1024 KiB', () => writeFileSync(join(work, 'huge.yml'), `checks: [{ path: / }]\n#${'x'.repeat(2 * 1024 * 1024)}\n`)));
  it('refuses a YAML alias bomb as a clear input error, not a crash', (context) => {
    const levels = 'abcdefghi'.split('');
    const bomb = [`a: &a [${Array(9).fill('"lol"').join(',')}]`, ...levels.slice(1).map((k, i) => `${k}: &${k} [${Array(9).fill(`*${levels[i]}`).join(',')}]`)].join('\n');
    return refuses(context, 'bomb.yml', 'too many aliases', () => writeFileSync(join(work, 'bomb.yml'), `${bomb}\nchecks: [{ path: / }]\n`));
  });
});

describe('report: prepared before anything is recorded, never written through a link', () => {
  const reportCase = async (context: TestContext, report: string, expected: string, injected: string) => {
    const app = await startApp((_req, res) => res.end('ok'));
    apps.push(app);
    const result = await smoke({ url: app.url, report });
    expectInputError(context, result, expected, injected);
    expect(commitStatuses()).toEqual([]); // no `success` status for a run that then failed
    expect(app.requests).toEqual([]);
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toContain('root:x');
  };

  it('refuses a report path that is a symbolic link to a file outside the workspace; the target is untouched', (context) => {
    symlinkSync(join(outside, 'secret.txt'), join(work, 'smoke-report.json'));
    return reportCase(context, 'smoke-report.json', 'is a symbolic link', 'report: smoke-report.json -> a file outside the workspace');
  });
  it('refuses a report path inside a linked directory that points outside', (context) => {
    symlinkSync(outside, join(work, 'reports'));
    return reportCase(context, 'reports/smoke.json', 'resolves outside', 'report: reports/smoke.json, reports -> outside');
  });
  it('refuses a report path that is a directory, before the commit status', (context) => {
    mkdirSync(join(work, 'out'));
    return reportCase(context, 'out', 'is a directory', 'report: an existing directory');
  });
  it('refuses a report path that cannot be written, before the commit status', (context) => {
    writeFileSync(join(work, 'file'), '');
    return reportCase(context, 'file/report.json', 'cannot be written', 'report: a path under a regular file');
  });

  it('writes the default report for a 240-character environment (the file name is shortened)', async (context) => {
    const app = await startApp((_req, res) => res.end('ok'));
    apps.push(app);
    const environment = `env-${'x'.repeat(236)}`;
    const result = await smoke({ url: app.url, environment });
    const reportFile = result.outputs.report ?? '';
    observe(context, { injected: 'environment: 240 characters, default report path', observed: `exit ${result.exitCode}; report ${reportFile.split('/').pop()}; status ${commitStatuses()[0]?.state}` });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(readFileSync(reportFile, 'utf8'))).toMatchObject({ environment, passed: true });
    expect(commitStatuses()[0]).toMatchObject({ state: 'success', context: `shipgate/smoke-test (${environment})` });
  });
});

describe('secrets never published', () => {
  it('masks a Bearer credential the server echoes alone, in log, summary, report and status', async (context) => {
    const credential = 'c7e1-4b2a-credential-90fd';
    const app = await startApp((req, res) => res.end(`you sent ${(req.headers.authorization ?? '').replace(/^Bearer /, '')}`));
    apps.push(app);
    const result = await smoke({ url: app.url, headers: `Authorization: Bearer ${credential}`, checks: 'checks: [{ path: /, expect: { body-contains: absent } }]' });
    const report = readFileSync(result.outputs.report ?? '', 'utf8');
    const channels = { log: result.stdout.replace(/^::add-mask::.*$/gm, '') + result.stderr, summary: result.summary, report, status: JSON.stringify(commitStatuses()), outputs: JSON.stringify(result.outputs) };
    const leaked = Object.entries(channels).filter(([, text]) => text.includes(credential)).map(([name]) => name);
    observe(context, { injected: 'headers: Authorization: Bearer <credential>; the server echoes the credential alone', observed: `exit ${result.exitCode}; channels showing it: ${JSON.stringify(leaked)}; report says ${/you sent [^"]*/.exec(report)?.[0]}` });
    expect(result.exitCode).toBe(1);
    expect(leaked).toEqual([]);
    expect(masks(result)).toContain(credential); // the runner masks it too
    expect(report).toContain('you sent ***');
  });

  it('refuses user:password@ in a checks-file URL without publishing it anywhere', async (context) => {
    const result = await smoke({ url: 'http://127.0.0.1:9', checks: 'checks: [{ url: "https://deploy:hunter2-pw@app.test/health" }]', report: 'smoke-report.json' });
    const line = expectInputError(context, result, 'checks[0].url: expected an http:// or https:// URL without user:password@', 'checks: url https://deploy:<password>@app.test/health');
    for (const text of [line, result.stdout, result.stderr, result.summary, JSON.stringify(result.outputs)]) expect(text).not.toContain('hunter2-pw');
    expect(existsSync(join(work, 'smoke-report.json'))).toBe(false); // no report: refused before anything ran
    expect(commitStatuses()).toEqual([]);
  });
});
