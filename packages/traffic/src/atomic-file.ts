import { randomBytes } from 'node:crypto';
import { rename, stat, writeFile, chmod, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Replaces a file in one step: a temp file in the same directory, then rename, so nginx (or a
 * concurrent reader) sees the old file or the new one, never half of one. Keeps the mode.
 */
export async function replaceFileAtomically(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.shipgate-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await writeFile(temp, text, { flag: 'wx' });
    const { mode } = await stat(path).catch(() => ({ mode: 0o644 }));
    await chmod(temp, mode & 0o7777);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
