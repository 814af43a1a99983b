import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readSync, realpathSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ShipgateError } from './errors';

/**
 * File inputs (a checks file to read, a report to write) are confined to the directories a
 * step owns: the workspace (GITHUB_WORKSPACE, else the working directory) and, for files
 * shipgate writes, the runner's temp directory. A `..`, an absolute path elsewhere or a
 * symbolic link pointing out is refused, so a pull request cannot make the action read
 * /etc/passwd into a log or overwrite a file outside the checkout.
 */
export function workspaceDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.GITHUB_WORKSPACE || process.cwd());
}

/** True when `path` is `root` or inside it (both absolute, compared as written). */
export function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

const realOrSelf = (path: string) => {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
};

/** `path` relative to the first root it is inside, for messages (never a file's content). */
function shown(path: string, roots: readonly string[]): string {
  const root = roots.find((r) => isInside(path, r));
  return root && root !== path ? relative(root, path) : path;
}

function fsProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const known: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ENOTDIR: 'a part of the path is a file, not a directory',
    ENAMETOOLONG: 'the file name is too long',
    EISDIR: 'it is a directory',
    EROFS: 'the file system is read-only',
    ENOSPC: 'the disk is full',
    ELOOP: 'too many symbolic links',
  };
  return (code && known[code]) ?? code ?? 'it could not be opened';
}

export interface ReadLimits {
  /** Largest file read, in bytes. */
  maxBytes: number;
  /** What the file is, for messages: "checks file". */
  what: string;
}

/**
 * Reads a file named by `input`, relative to `workspace`, refusing anything that resolves
 * outside it, that is not a regular file (a directory, a FIFO that would block, a device) or
 * that is larger than `maxBytes`. Returns the text and the path to show (relative to the workspace).
 */
export function readWorkspaceFile(input: string, path: string, workspace: string, limits: ReadLimits): { text: string; shown: string } {
  const root = resolve(workspace);
  const absolute = resolve(root, path);
  if (!isInside(absolute, root)) {
    throw new ShipgateError(`must name a ${limits.what} inside the workspace (${root}); ${path} is outside it`, input);
  }
  const real = (() => {
    try {
      return realpathSync(absolute);
    } catch {
      throw new ShipgateError(`names a ${limits.what} that does not exist: ${relative(root, absolute)}`, input);
    }
  })();
  if (!isInside(real, realOrSelf(root))) {
    throw new ShipgateError(`names ${relative(root, absolute)}, a symbolic link that points outside the workspace; shipgate reads only files inside it`, input);
  }
  const where = relative(root, absolute);
  let fd: number;
  try {
    // Non-blocking: opening a FIFO for reading would otherwise wait for a writer forever.
    fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (error) {
    throw new ShipgateError(`names ${where}, which cannot be read: ${fsProblem(error)}`, input);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new ShipgateError(`names ${where}, which is a directory; give the path of a ${limits.what}`, input);
    if (!stat.isFile()) throw new ShipgateError(`names ${where}, which is not a regular file; give the path of a ${limits.what}`, input);
    if (stat.size > limits.maxBytes) {
      throw new ShipgateError(`names ${where}, which is ${Math.ceil(stat.size / 1024)} KiB; a ${limits.what} may be at most ${Math.floor(limits.maxBytes / 1024)} KiB`, input);
    }
    const buffer = Buffer.alloc(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = readSync(fd, buffer, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return { text: buffer.subarray(0, read).toString('utf8'), shown: where };
  } finally {
    closeSync(fd);
  }
}

/** A file shipgate will write, checked before anything is recorded, written later without following links. */
export interface PreparedFile {
  path: string;
  /** Writes `content` to a new file beside the destination and renames it over: never through a link. */
  write(content: string): void;
}

/**
 * Checks that `path` (relative to the first root) can be written as a new file inside one of
 * `roots`: not a directory, not a symbolic link, its directory resolving inside a root. With
 * `probe`, it creates the missing directories and creates and removes a file there, so an
 * unwritable place is an input error now rather than after the results were recorded.
 */
export function prepareConfinedFile(input: string, path: string, roots: readonly string[], options: { probe: boolean }): PreparedFile {
  const lexicalRoots = roots.map((r) => resolve(r));
  const realRoots = lexicalRoots.map(realOrSelf);
  const absolute = resolve(lexicalRoots[0] ?? '.', path);
  const places = lexicalRoots.join(' or ');
  if (!lexicalRoots.some((root) => isInside(absolute, root)) || lexicalRoots.includes(absolute)) {
    throw new ShipgateError(`must be a file path inside ${places}; ${path} is not`, input);
  }
  const name = shown(absolute, lexicalRoots);
  let existing;
  try {
    existing = lstatSync(absolute);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new ShipgateError(`names ${name}, which cannot be written: ${fsProblem(error)}`, input);
  }
  if (existing?.isSymbolicLink()) throw new ShipgateError(`names ${name}, which is a symbolic link; shipgate does not write through links`, input);
  if (existing?.isDirectory()) throw new ShipgateError(`names ${name}, which is a directory; give a file path`, input);
  if (existing && !existing.isFile()) throw new ShipgateError(`names ${name}, which is not a regular file`, input);

  const dir = dirname(absolute);
  const checkDir = () => {
    // The deepest directory that exists must resolve inside a root (a linked directory may point out).
    let probe = dir;
    while (!exists(probe) && dirname(probe) !== probe) probe = dirname(probe);
    const real = realOrSelf(probe);
    if (!realRoots.some((root) => isInside(real, root))) {
      throw new ShipgateError(`names ${name}, whose directory resolves outside ${places} (a symbolic link?)`, input);
    }
  };
  checkDir();
  const tempName = () => join(dir, `.${basename(absolute).slice(0, 100)}.${randomBytes(6).toString('hex')}.tmp`);
  const createTemp = (content: string) => {
    const temp = tempName();
    writeFileSync(temp, content, { flag: 'wx', mode: 0o644 });
    return temp;
  };
  if (options.probe) {
    try {
      mkdirSync(dir, { recursive: true });
      checkDir();
      unlinkSync(createTemp(''));
      // The final name itself must be acceptable to the file system (length): create it only if it is new.
      if (!existing) unlinkSync((writeFileSync(absolute, '', { flag: 'wx' }), absolute));
    } catch (error) {
      if (error instanceof ShipgateError) throw error;
      throw new ShipgateError(`names ${name}, which cannot be written: ${fsProblem(error)}`, input);
    }
  }
  return {
    path: absolute,
    write(content) {
      let temp: string | undefined;
      try {
        mkdirSync(dir, { recursive: true });
        checkDir();
        temp = createTemp(content);
        renameSync(temp, absolute);
      } catch (error) {
        if (temp) unlinkSync(temp);
        // Checked beforehand; this is the place changing under us (removed, filled up).
        if (error instanceof ShipgateError) throw error;
        throw new ShipgateError(`names ${name}, which could not be written: ${fsProblem(error)}`, input);
      }
    },
  };
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
