import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ShipgateError } from '@shipgate/core';
import { waitUntil } from '@shipgate/probe';
import { VERSION_HEADER, type DemoBehaviour } from './demo-app-server';
import { demoEnvironment } from './demo-environment';

export interface DemoAppStart {
  /** Where the demo keeps its pid files. */
  dir: string;
  /** The git repository the build's config is read from. */
  repo: string;
  slot: string;
  sha: string;
  port: number;
  /** The CLI bundle, which serves the app (`demo-app serve`). */
  self: string;
  /** The demo's process: the app exits when it is gone, however the demo ended (even kill -9). */
  parent: number;
}

/**
 * The demo's "deploy": replace whatever runs in a slot with the code at a sha. Like a real
 * platform it reads the build's config from the commit (app.json), starts the new process
 * detached, and returns once the new version answers on the port — health is shipgate's job.
 * Returns the version started.
 */
export async function startDemoApp(options: DemoAppStart): Promise<string> {
  const config = JSON.parse(execFileSync('git', ['show', `${options.sha}:app.json`], { cwd: options.repo, env: demoEnvironment(process.env), encoding: 'utf8' })) as {
    version: string;
    behaviour?: DemoBehaviour;
  };
  await stopSlot(options.dir, options.slot);
  const child = spawn(
    process.execPath,
    [
      options.self,
      ...['demo-app', 'serve', '--port', String(options.port), '--version', config.version],
      ...['--behaviour', config.behaviour ?? 'healthy', '--parent', String(options.parent)],
    ],
    { detached: true, stdio: 'ignore' },
  );
  child.unref();
  writeFileSync(pidFile(options.dir, options.slot), String(child.pid));
  const listening = await waitUntil(
    async () => {
      try {
        const answer = await fetch(`http://127.0.0.1:${options.port}/health`, { signal: AbortSignal.timeout(1000) });
        await answer.body?.cancel();
        const version = answer.headers.get(VERSION_HEADER);
        return { ok: version === config.version, detail: `HTTP ${answer.status} from ${version ?? 'an unknown app'}` };
      } catch (error) {
        return { ok: false, detail: (error as Error).message };
      }
    },
    { timeoutMs: 10_000, initialDelayMs: 50, maxDelayMs: 250 },
  );
  if (!listening.ok) throw new ShipgateError(`demo app ${config.version} did not start answering on port ${options.port}: ${listening.detail}`);
  return config.version;
}

/** Stops what runs in a slot and waits until it is gone, so its port is free for the next version. */
export async function stopSlot(dir: string, slot: string): Promise<void> {
  const file = pidFile(dir, slot);
  if (!existsSync(file)) return;
  const pid = Number(readFileSync(file, 'utf8'));
  rmSync(file, { force: true });
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return; // Already gone.
  }
  for (let waited = 0; waited < 5_000 && isRunning(pid); waited += 25) await sleep(25);
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // there, but not ours to signal
  }
}

/** Stops every demo app started from `dir` (the demo cleans up after itself). */
export async function stopAllSlots(dir: string): Promise<void> {
  const slots = readdirSync(dir).filter((file) => file.endsWith('.pid'));
  await Promise.all(slots.map((file) => stopSlot(dir, file.slice(0, -'.pid'.length))));
}

const pidFile = (dir: string, slot: string) => join(dir, `${slot.replace(/[^a-z0-9-]/gi, '_')}.pid`);
