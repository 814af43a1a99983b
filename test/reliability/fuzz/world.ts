import type { IncomingMessage, ServerResponse } from 'node:http';
import { startEmulator, type Emulator } from '../../emulator';
import { startApp, unusedPort, type LocalApp } from '../../helpers/http-app';
import { TEST_REPOSITORY, TEST_SHA } from '../../helpers/run-action';
import { createSandbox, type Sandbox } from './sandbox';

export const SHA_MAIN = '1'.repeat(40);
export const SHA_DEVELOP = '2'.repeat(40);
export const SHA_TAG = '3'.repeat(40);
export const TREE = 'e'.repeat(40);
/** Refs the emulator knows, and the sha each resolves to. */
export const KNOWN_REFS: Record<string, string> = { main: SHA_MAIN, develop: SHA_DEVELOP, 'v1.0.0': SHA_TAG, [SHA_MAIN]: SHA_MAIN, [TEST_SHA]: TEST_SHA };

/** One emulator, one app, one sandbox per test file, and the GITHUB_* environment the runner gives a step. */
export interface World {
  emulator: Emulator;
  app: LocalApp;
  /** A port nothing listens on. */
  closedPort: number;
  sandbox: Sandbox;
  /** The env the bundles get (run-action.ts) for the same world. */
  runnerEnv: Record<string, string>;
  close(): Promise<void>;
}

/**
 * The app under smoke test and health checks: `/health` and most paths answer 200 with JSON;
 * `/echo` answers with the request's headers and body (a server that reflects secrets);
 * `/status/<n>` answers n.
 */
function appHandler(req: IncomingMessage, res: ServerResponse): void {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString()));
  req.on('end', () => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const status = /^\/status\/(\d{3})$/.exec(path)?.[1];
    const payload = path.startsWith('/echo') ? { headers: req.headers, body, path } : { status: 'ok', path };
    res.writeHead(status ? Number(status) : 200, { 'content-type': 'application/json', 'x-app': 'fuzz' });
    res.end(req.method === 'HEAD' ? undefined : JSON.stringify(payload));
  });
}

export async function startWorld(): Promise<World> {
  const sandbox = createSandbox();
  const emulator = await startEmulator();
  const app = await startApp(appHandler);
  const closedPort = await unusedPort();
  for (const [sha, message] of [[SHA_MAIN, 'main'], [SHA_DEVELOP, 'develop'], [SHA_TAG, 'tag'], [TEST_SHA, 'head']] as const) {
    emulator.addCommit({ sha, tree: TREE, parents: [], message });
  }
  emulator.setRef('main', SHA_MAIN);
  emulator.setRef('develop', SHA_DEVELOP);
  emulator.setRef('refs/tags/v1.0.0', SHA_TAG);

  const runnerEnv: Record<string, string> = {
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: TEST_REPOSITORY,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: emulator.url,
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SHA: TEST_SHA,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_WORKSPACE: sandbox.workspace,
    RUNNER_TEMP: sandbox.runnerTemp,
  };
  // Set before the action's main is imported (STYLE.md: the toolkit reads env at import).
  const saved = new Map<string, string | undefined>();
  const cleared = ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY', 'GITHUB_EVENT_PATH', 'SHIPGATE_RECORDS_FILE', 'GITHUB_TOKEN'];
  for (const key of [...Object.keys(runnerEnv), ...cleared]) saved.set(key, process.env[key]);
  for (const key of cleared) delete process.env[key];
  Object.assign(process.env, runnerEnv);
  // The runner starts a step in GITHUB_WORKSPACE. Kept for the whole file, not per case: a case
  // that overran its time limit may still be writing (a report to `../outside/...`), and must
  // not resolve that against this repository's parent.
  const previousCwd = process.cwd();
  process.chdir(sandbox.workspace);

  return {
    emulator,
    app,
    closedPort,
    sandbox,
    runnerEnv,
    async close() {
      process.chdir(previousCwd);
      for (const [key, value] of saved) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      await Promise.all([emulator.close(), app.close()]);
      sandbox.remove();
    },
  };
}
