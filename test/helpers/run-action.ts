import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';

// Benchmarks run bundled from a temp dir and name the repository with SHIPGATE_ROOT.
export const repoRoot = process.env.SHIPGATE_ROOT ?? resolve(import.meta.dirname, '..', '..');

/**
 * The Node that runs the bundles: the runner's is node24 (action.yml `runs.using`), while the
 * tests themselves may run on another. .ci/run sets it to the machine's own Node (20) for
 * `npm run test:bundles`, while the tests run on Node 24.
 */
export const bundleNode = process.env.SHIPGATE_BUNDLE_NODE || process.execPath;

export interface ActionRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  /** What main saved with core.saveState (the runner hands it to post as STATE_<name>). */
  state: Record<string, string>;
  summary: string;
  /** The `::error::` annotations printed, message text only. */
  errors: string[];
  warnings: string[];
}

export interface RunOptions {
  /** `with:` values by input name; unspecified inputs get action.yml's defaults, as on the runner. */
  inputs?: Record<string, string>;
  /** GITHUB_API_URL, e.g. the emulator's URL. */
  apiUrl?: string;
  env?: Record<string, string>;
  cwd?: string;
  /** Send SIGINT after this many ms (the runner's cancel), then SIGTERM 7.5 s later. */
  cancelAfterMs?: number;
  /** The first signal of the cancel; SIGINT as the runner sends it, or SIGTERM alone. */
  cancelSignal?: 'SIGINT' | 'SIGTERM';
  /** Run the action's post step instead of main, with this state from main. */
  postState?: Record<string, string>;
  timeoutMs?: number;
}

interface ActionYaml {
  inputs?: Record<string, { default?: string; required?: boolean }>;
  runs: { main: string; post?: string };
}

export const TEST_TOKEN = 'ghs_testtoken0123456789';
export const TEST_REPOSITORY = 'acme/app';
export const TEST_SHA = 'a'.repeat(40);

/** Directory of an action's action.yml: `staging-deploy` → actions/staging-deploy; `.` → the root action. */
const actionDir = (action: string) => (action === '.' ? repoRoot : join(repoRoot, 'actions', action));

/** The runner's `${{ github.* }}` defaults that shipgate's action.yml files use. */
export function expandDefault(value: string, env: Record<string, string>): string {
  return value
    .replace(/\$\{\{\s*github\.token\s*\}\}/g, env.GITHUB_TOKEN_FOR_DEFAULT ?? TEST_TOKEN)
    .replace(/\$\{\{\s*github\.sha\s*\}\}/g, env.GITHUB_SHA ?? TEST_SHA);
}

/**
 * Runs an action's committed dist/ bundle the way the Actions runner does: INPUT_<NAME>
 * (upper case, hyphens kept) with action.yml's defaults, GITHUB_OUTPUT/STATE/STEP_SUMMARY
 * files, the GITHUB_* context, and `node <runs.main>` from the action's directory.
 */
export async function runAction(action: string, options: RunOptions = {}): Promise<ActionRun> {
  const dir = actionDir(action);
  const meta = parseYaml(readFileSync(join(dir, 'action.yml'), 'utf8')) as ActionYaml;
  const work = mkdtempSync(join(tmpdir(), 'shipgate-run-'));
  await removeWhenTestEnds(work);
  const files = { output: join(work, 'output'), state: join(work, 'state'), summary: join(work, 'summary') };
  for (const file of Object.values(files)) writeFileSync(file, '');

  const context: Record<string, string> = {
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: TEST_REPOSITORY,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: options.apiUrl ?? 'http://127.0.0.1:9',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SHA: TEST_SHA,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_WORKSPACE: options.cwd ?? work,
    RUNNER_TEMP: work,
    GITHUB_OUTPUT: files.output,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    ...options.env,
  };
  const inputEnv: Record<string, string> = {};
  for (const [name, spec] of Object.entries(meta.inputs ?? {})) {
    if (spec.default !== undefined) inputEnv[`INPUT_${name.toUpperCase()}`] = expandDefault(String(spec.default), context);
  }
  for (const [name, value] of Object.entries(options.inputs ?? {})) inputEnv[`INPUT_${name.toUpperCase()}`] = value;
  const stateEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.postState ?? {})) stateEnv[`STATE_${name}`] = value;

  const script = resolve(dir, options.postState ? (meta.runs.post ?? meta.runs.main) : meta.runs.main);
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? work, ...context, ...inputEnv, ...stateEnv };
  const child = spawn(bundleNode, [script], { cwd: options.cwd ?? work, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const timers: NodeJS.Timeout[] = [];
  if (options.cancelAfterMs !== undefined) {
    timers.push(setTimeout(() => child.kill(options.cancelSignal ?? 'SIGINT'), options.cancelAfterMs));
    timers.push(setTimeout(() => child.kill('SIGTERM'), options.cancelAfterMs + 7_500));
  }
  timers.push(setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 50_000));
  const exitCode = await new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  for (const timer of timers) clearTimeout(timer);

  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseFileCommands(readFileSync(files.output, 'utf8')),
    state: parseFileCommands(readFileSync(files.state, 'utf8')),
    summary: readFileSync(files.summary, 'utf8'),
    errors: annotations(stdout, 'error'),
    warnings: annotations(stdout, 'warning'),
  };
}

/**
 * A run's folder (its GITHUB_OUTPUT/STATE/STEP_SUMMARY files, RUNNER_TEMP, and GITHUB_WORKSPACE
 * when no cwd is given) is deleted when the test that ran the action ends, not when the run does:
 * the test reads the report the action wrote to RUNNER_TEMP (the `report` output) after the run.
 * A run outside a test (a beforeAll's, or a benchmark's) is deleted when the process exits.
 */
const atExit = new Set<string>();
async function removeWhenTestEnds(folder: string): Promise<void> {
  const remove = () => rmSync(folder, { recursive: true, force: true });
  if (process.env.VITEST) {
    // Imported here, not at the top: the benchmarks bundle this helper and run it without vitest.
    const { onTestFinished } = await import(/* webpackIgnore: true */ 'vitest');
    try {
      onTestFinished(remove);
      return;
    } catch {
      // Not inside a test: fall through to the process's exit.
    }
  }
  if (atExit.size === 0) process.once('exit', () => atExit.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  atExit.add(folder);
}

/** Runs main, then post with main's saved state, as the runner does at the end of a job. */
export async function runActionWithPost(action: string, options: RunOptions = {}): Promise<{ main: ActionRun; post: ActionRun }> {
  const main = await runAction(action, options);
  const post = await runAction(action, { ...options, cancelAfterMs: undefined, postState: main.state });
  return { main, post };
}

/** Parses the `name<<delimiter ... delimiter` blocks of GITHUB_OUTPUT / GITHUB_STATE. */
export function parseFileCommands(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? '');
    if (match) {
      const [, name, delimiter] = match as unknown as [string, string, string];
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '');
      result[name] = value.join('\n');
    } else if (lines[i]?.includes('=')) {
      const line = lines[i] as string;
      result[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return result;
}

function annotations(stdout: string, kind: 'error' | 'warning'): string[] {
  const unescape = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
  return stdout
    .split('\n')
    .filter((line) => line.startsWith(`::${kind}`))
    .map((line) => unescape(line.slice(line.indexOf('::', 2) + 2)));
}

export const actionMetaPath = (action: string) => join(actionDir(action), 'action.yml');
export const scratchDir = (prefix = 'shipgate-test-') => mkdtempSync(join(tmpdir(), prefix));
