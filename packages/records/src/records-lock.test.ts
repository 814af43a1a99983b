import { existsSync, mkdirSync, mkdtempSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { LocalRecords } from './local-records';

/**
 * The first waiter to act on the stale lock (removing or moving it away) is held up right
 * before it acts — as a waiter descheduled on a loaded machine would be — until another waiter
 * has taken the lock over and holds it. Writes of the records file take 30 ms, so a second
 * holder would overlap the first.
 */
const slowFirstTakeover = vi.hoisted(() => ({ lockPath: '', fired: false }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const delayFirst = async (path: unknown) => {
    if (!slowFirstTakeover.fired && slowFirstTakeover.lockPath && String(path) === slowFirstTakeover.lockPath) {
      slowFirstTakeover.fired = true;
      const heldAnew = () => existsSync(String(path)) && statSync(String(path)).mtimeMs > Date.now() - 30_000;
      for (let waited = 0; !heldAnew() && waited < 3_000; waited += 2) await new Promise((resolve) => setTimeout(resolve, 2));
    }
  };
  const rm: typeof actual.rm = async (path, options) => {
    await delayFirst(path);
    return actual.rm(path, options);
  };
  const rename: typeof actual.rename = async (from, to) => {
    await delayFirst(from);
    return actual.rename(from, to);
  };
  const writeFile: typeof actual.writeFile = async (path, data, options) => {
    if (String(path).endsWith('.tmp')) await new Promise((resolve) => setTimeout(resolve, 30));
    return actual.writeFile(path, data, options);
  };
  return { ...actual, rm, rename, writeFile, default: { ...actual, rm, rename, writeFile } };
});

const deployment = (i: number) => ({
  sha: String(i).padStart(40, '0'),
  environment: 'staging',
  description: 'test',
  payload: { kind: 'deploy' as const, version: `v${i}` },
  productionEnvironment: false,
  transientEnvironment: false,
});

describe('records lock', () => {
  it('a stale lock is claimed by exactly one waiter, even when another waiter is slow to act on it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipgate-lock-'));
    const file = join(dir, 'records.json');
    const lock = `${file}.lock`;
    // A writer died holding the lock a minute ago.
    mkdirSync(lock);
    writeFileSync(join(lock, 'owner'), JSON.stringify({ pid: 2 ** 22 + 1, host: 'elsewhere', token: 'dead' }));
    const past = new Date(Date.now() - 60_000);
    utimesSync(lock, past, past);
    slowFirstTakeover.lockPath = lock;

    const writers = 30;
    const created = await Promise.all(Array.from({ length: writers }, (_, i) => new LocalRecords(file).createDeployment(deployment(i))));

    expect(slowFirstTakeover.fired).toBe(true);
    expect(new Set(created.map((d) => d.id)).size).toBe(writers);
    expect(await new LocalRecords(file).listDeployments({ environment: 'staging', limit: 1000 })).toHaveLength(writers);
  });
});
