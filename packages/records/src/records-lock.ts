import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { ShipgateError } from '@shipgate/core';

/** A process on some machine; on another machine shipgate cannot tell whether it still runs. */
export interface ProcessRef {
  pid: number;
  host: string;
}

interface LockOwner extends ProcessRef {
  token: string;
}

/** The lock this process holds: its path and the token that proves it is ours. */
export interface HeldLock {
  path: string;
  token: string;
}

// A write holds the lock for milliseconds. A lock whose owner process is gone is stale at once;
// one whose owner cannot be checked (another host, no owner file) is stale after LOCK_STALE_MS.
const LOCK_STALE_MS = 10_000;
const LOCK_WAIT_MS = 30_000;
// A taken-over lock is kept (renamed) this long, so a slow second taker of the same stale lock
// finds its name occupied instead of moving the new owner's lock away.
const GRAVE_KEEP_MS = 10 * 60_000;

/** True when `owner` ran on this machine and no longer exists. */
export function isProcessGone(owner: ProcessRef): boolean {
  if (owner.host !== hostname()) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Takes the lock `path`, a directory holding an `owner` file. It appears complete and at once
 * (built under a private name, then renamed into place: a rename onto an existing lock fails),
 * and a stale lock is claimed by exactly one waiter: the takeover renames the stale lock to a
 * name derived from its owner's token, which only one rename can do.
 */
export async function acquireLock(path: string): Promise<HeldLock> {
  const mine: LockOwner = { pid: process.pid, host: hostname(), token: randomUUID() };
  const draft = `${path}.new-${mine.token}`;
  await mkdir(draft);
  await writeFile(join(draft, 'owner'), JSON.stringify(mine));
  const deadline = Date.now() + LOCK_WAIT_MS;
  try {
    for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
      try {
        await rename(draft, path);
        return { path, token: mine.token };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
      }
      await takeOverIfStale(path);
      if (Date.now() > deadline) {
        throw new ShipgateError(
          `timed out after ${LOCK_WAIT_MS / 1000}s waiting for the records lock ${path}; another shipgate is writing, or remove the lock if none is running`,
        );
      }
      await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
    }
  } finally {
    await rm(draft, { recursive: true, force: true });
  }
}

/** Releases a lock this process holds — unless it was taken over meanwhile: then it is someone else's. */
export async function releaseLock(lock: HeldLock): Promise<void> {
  const owner = await readOwner(lock.path);
  if (owner?.token !== lock.token) return;
  const released = `${lock.path}.done-${lock.token}`;
  try {
    await rename(lock.path, released);
  } catch {
    return;
  }
  await rm(released, { recursive: true, force: true });
}

async function takeOverIfStale(path: string): Promise<void> {
  const owner = await readOwner(path);
  const age = await stat(path).then((s) => Date.now() - s.mtimeMs, () => undefined);
  if (age === undefined) return; // released meanwhile
  const stale = owner ? isProcessGone(owner) || age > LOCK_STALE_MS : age > LOCK_STALE_MS;
  if (!stale) return;
  // Every waiter that judged this lock stale renames it to the same name; only the first rename
  // succeeds, later ones fail because that name is taken (ENOTEMPTY) or the lock is gone (ENOENT).
  const grave = `${path}.stale-${owner?.token ?? `unowned-${Math.floor((Date.now() - age) / 1000)}`}`;
  try {
    await rename(path, grave);
  } catch {
    return;
  }
  const moved = await readOwner(grave);
  if (moved?.token !== owner?.token) {
    // The lock changed hands between the check and the rename: put the live one back.
    await rename(grave, path).catch(() => undefined);
    return;
  }
  // Its age now counts from the takeover, for sweepGraves.
  await utimes(grave, new Date(), new Date()).catch(() => undefined);
  await sweepGraves(path);
}

async function readOwner(path: string): Promise<LockOwner | undefined> {
  try {
    const parsed = JSON.parse(await readFile(join(path, 'owner'), 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.token === 'string') return parsed as LockOwner;
  } catch {
    // No owner file (an older shipgate's lock) or unreadable: judged by age alone.
  }
  return undefined;
}

/** Removes taken-over locks old enough that no waiter can still be about to rename onto them. */
async function sweepGraves(path: string): Promise<void> {
  const dir = dirname(path);
  const prefix = `${basename(path)}.stale-`;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!name.startsWith(prefix)) continue;
    const grave = join(dir, name);
    const age = await stat(grave).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (age > GRAVE_KEEP_MS) await rm(grave, { recursive: true, force: true });
  }
}
