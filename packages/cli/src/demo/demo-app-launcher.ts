import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ShipgateError } from '@shipgate/core';
import { checkHealthOnce, waitUntil } from '@shipgate/probe';
import type { DemoBehaviour } from './demo-app-server';

/**
 * The demo's "deploy": replace whatever runs in a slot (an environment) with the code at a
 * sha. Like a real platform it reads the build's config from the commit (app.json), starts
 * the new process detached, and returns once it listens — health is shipgate's job to check.
 */
export async function startDemoApp(options: { dir: string; slot: string; sha: string; version: string; port: number; self: string }): Promise<void> {
  const config = JSON.parse(execFileSync('git', ['show', `${options.sha}:app.json`], { encoding: 'utf8' })) as { behaviour?: DemoBehaviour };
  stopSlot(options.dir, options.slot);
  const child = spawn(
    process.execPath,
    [options.self, 'demo-app', 'serve', '--port', String(options.port), '--version', options.version, '--behaviour', config.behaviour ?? 'healthy'],
    { detached: true, stdio: 'ignore' },
  );
  child.unref();
  writeFileSync(pidFile(options.dir, options.slot), String(child.pid));
  const listening = await waitUntil(
    async () => {
      const answer = await checkHealthOnce(`http://127.0.0.1:${options.port}/`, 1000);
      return { ok: answer.detail.startsWith('HTTP'), detail: answer.detail };
    },
    { timeoutMs: 10_000, initialDelayMs: 50, maxDelayMs: 250 },
  );
  if (!listening.ok) throw new ShipgateError(`demo app ${options.version} did not start listening on port ${options.port}: ${listening.detail}`);
}

export function stopSlot(dir: string, slot: string): void {
  const file = pidFile(dir, slot);
  if (!existsSync(file)) return;
  try {
    process.kill(Number(readFileSync(file, 'utf8')), 'SIGTERM');
  } catch {
    // Already gone.
  }
  rmSync(file, { force: true });
}

/** Stops every demo app started from `dir` (the demo cleans up after itself). */
export function stopAllSlots(dir: string): void {
  for (const file of readdirSync(dir)) if (file.endsWith('.pid')) stopSlot(dir, file.slice(0, -'.pid'.length));
}

const pidFile = (dir: string, slot: string) => join(dir, `${slot.replace(/[^a-z0-9-]/gi, '_')}.pid`);
