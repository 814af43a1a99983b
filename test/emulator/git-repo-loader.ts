import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { CommitRecord, GitIdentity } from './store';
import { isoSeconds } from './store';

const run = promisify(execFile);

export interface GitRepoContents {
  commits: CommitRecord[];
  /** Full ref name → commit sha; annotated tags are peeled to their commit. */
  refs: Map<string, string>;
  /** The branch HEAD points at, or undefined when HEAD is detached. */
  headBranch: string | undefined;
}

// Field and record separators that cannot occur in shas, names, emails or dates; a commit
// message cannot contain NUL, so it goes last, terminated by the record separator.
const FIELD = '%x00';
const RECORD = '%x1e';
const LOG_FORMAT = ['%H', '%T', '%P', '%an', '%ae', '%aI', '%cn', '%ce', '%cI', '%B'].join(FIELD) + RECORD;

/** Reads every commit reachable from any ref of a real repository, and its branches and tags. */
export async function readGitRepo(dir: string): Promise<GitRepoContents> {
  const git = async (...args: string[]) =>
    (await run('git', ['-C', dir, ...args], { maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' })).stdout;

  const log = await git('log', '--all', `--format=${LOG_FORMAT}`);
  const commits = log
    .split('\x1e')
    .map((record) => record.replace(/^\n/, ''))
    .filter((record) => record !== '')
    .map(parseCommit);

  const refs = new Map<string, string>();
  const refLines = await git('for-each-ref', '--format=%(refname)%00%(objectname)%00%(*objectname)');
  for (const line of refLines.split('\n').filter((entry) => entry !== '')) {
    const [name, object, peeled] = line.split('\0');
    const sha = peeled !== undefined && peeled !== '' ? peeled : object;
    if (name !== undefined && sha !== undefined && (name.startsWith('refs/heads/') || name.startsWith('refs/tags/'))) {
      refs.set(name, sha);
    }
  }

  let headBranch: string | undefined;
  try {
    headBranch = (await git('symbolic-ref', '--short', 'HEAD')).trim();
  } catch {
    headBranch = undefined; // detached HEAD
  }
  return { commits, refs, headBranch };
}

function parseCommit(record: string): CommitRecord {
  const [sha, tree, parents, authorName, authorEmail, authorDate, committerName, committerEmail, committerDate, ...message] =
    record.split('\0');
  if (sha === undefined || tree === undefined || committerDate === undefined) {
    throw new Error(`unexpected git log record: ${JSON.stringify(record)}`);
  }
  const identity = (name = '', email = '', date = ''): GitIdentity => ({ name, email, date: isoSeconds(date) });
  return {
    sha,
    tree,
    parents: parents === undefined || parents === '' ? [] : parents.split(' '),
    // GitHub returns the message without git's trailing newline.
    message: message.join('\0').replace(/\n+$/, ''),
    author: identity(authorName, authorEmail, authorDate),
    committer: identity(committerName, committerEmail, committerDate),
  };
}
