import { afterEach, describe, expect, it, vi } from 'vitest';

// @github/local-action replaces @actions/core with a stub like this one: getInput fills in
// action.yml's defaults as written, setFailed only records the failure, and there is no ExitCode.
const stub = vi.hoisted(() => ({
  defaults: {} as Record<string, string>,
  failures: [] as string[],
  errors: [] as string[],
  state: {} as Record<string, string>,
}));
vi.mock('@actions/core', () => ({
  getInput: (name: string) => (process.env[`INPUT_${name.toUpperCase()}`] || stub.defaults[name] || '').trim(),
  getState: (name: string) => stub.state[name] ?? '',
  saveState: (name: string, value: string) => void (stub.state[name] = value),
  setFailed: (message: string) => void stub.failures.push(message),
  error: (message: string) => void stub.errors.push(message),
  warning: () => undefined,
  info: () => undefined,
}));

const { coreInputs, runAction } = await import('./action-runner');
const { ShipgateError } = await import('./errors');

afterEach(() => {
  vi.unstubAllEnvs();
  stub.defaults = {};
  stub.failures = [];
  stub.errors = [];
  stub.state = {};
  process.exitCode = undefined;
});

describe('runAction under a stubbed @actions/core (@github/local-action)', () => {
  it("reads inputs through core.getInput, so action.yml's defaults apply, and resolves the runner's expressions from the environment", () => {
    stub.defaults = { environment: 'staging', ref: '${{ github.sha }}', 'github-token': '${{ github.token }}' };
    vi.stubEnv('GITHUB_SHA', 'a'.repeat(40));
    vi.stubEnv('GITHUB_TOKEN', '');
    const input = coreInputs();
    expect([input('environment'), input('ref'), input('github-token')]).toEqual(['staging', 'a'.repeat(40), '']);
  });

  it('exits 1 on a failure even though the stub of setFailed leaves the exit code alone', async () => {
    await runAction('demo', { main: async () => Promise.reject(new ShipgateError('must be a URL', 'url')) });
    expect(stub.failures).toEqual(["demo: Input 'url' must be a URL"]);
    expect(process.exitCode).toBe(1);
  });

  it('reports a mistake annotated on a file without the ExitCode the stub does not have', async () => {
    const mistake = new ShipgateError('has no checks', 'checks', { file: 'smoke.yml', line: 3 });
    await runAction('demo', { main: async () => Promise.reject(mistake) });
    expect(stub.errors).toEqual(["demo: Input 'checks' has no checks"]);
    expect(process.exitCode).toBe(1);
  });

  it('runs post, not main again, when the same entry is started a second time in one process (--post)', async () => {
    const ran: string[] = [];
    const entry = { main: async () => void ran.push('main'), post: async () => void ran.push('post') };
    await runAction('demo', entry);
    await runAction('demo', entry);
    expect(ran).toEqual(['main', 'post']);
  });
});
