import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from './emulator';
import { runAction } from './helpers/run-action';

const SHA = '4444444444444444444444444444444444444444';
let emulator: Emulator;

beforeEach(async () => {
  emulator = await startEmulator();
  emulator.addCommit({ sha: SHA, tree: 'c'.repeat(40), parents: [] });
});
afterEach(() => emulator.close());

describe('root action: uses OWNER/shipgate@v1 with command', () => {
  it("runs the chosen action with that action's defaults", async () => {
    const run = await runAction('.', {
      apiUrl: emulator.url,
      env: { GITHUB_SHA: SHA },
      inputs: { command: 'staging-deploy', 'deploy-command': 'true' },
    });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ status: 'success', sha: SHA });
    // staging-deploy's own default environment applies, not an empty one.
    expect(emulator.deployments[0]).toMatchObject({ environment: 'staging', sha: SHA });
  });

  it('refuses an unknown command, naming the choices', async () => {
    const run = await runAction('.', { apiUrl: emulator.url, inputs: { command: 'deploy-everything' } });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(/Input 'command' must be one of .*staging-deploy.*; got 'deploy-everything'/);
  });

  it("refuses an input the chosen action does not take, changing nothing", async () => {
    const run = await runAction('.', { apiUrl: emulator.url, inputs: { command: 'staging-deploy', 'deploy-command': 'true', 'max-age': '1h' } });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toContain("Input 'max-age' is not an input of staging-deploy");
    expect(emulator.requests).toEqual([]);
  });
});

describe('root action input names', () => {
  it("names the deploy command 'deploy-command' in its errors, as the user wrote it", async () => {
    const emulator = await startEmulator();
    try {
      const run = await runAction('.', { apiUrl: emulator.url, inputs: { command: 'staging-deploy', 'deploy-command': 'a && b' } });
      expect(run.exitCode).toBe(1);
      expect(run.errors[0]).toContain("Input 'deploy-command' must be a command to run");
    } finally {
      await emulator.close();
    }
  });
});
