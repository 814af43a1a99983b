import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The file system a fuzz run plays in: a workspace (GITHUB_WORKSPACE), a runner temp dir, and
 * an `outside` dir that nothing may read into a log or write to (its files carry a marker, the
 * workspace has symlinks pointing at them). `bin/record` is the recording fake command: it
 * writes its argv and environment, NUL-separated, to `calls/`; `bin/intruder` is a canary that
 * only runs if something executes a command the user did not write.
 */
export interface Sandbox {
  root: string;
  workspace: string;
  runnerTemp: string;
  outside: string;
  recorder: string;
  intruder: string;
  /** Text in every file under `outside`: seeing it in any output means a file was read out of bounds. */
  victimMarker: string;
  /** Recorded runs since the last reset. */
  takeCalls(): { recorded: { argv: string[]; env: Record<string, string>; complete: boolean }[]; intruded: string[][] };
  /** Files under `outside` added, changed or deleted since the last call (so one case's write is not blamed on the next). */
  outsideChanges(): string[];
  remove(): void;
}

export function createSandbox(): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'shipgate-fuzz-'));
  const dirs = { workspace: join(root, 'ws'), runnerTemp: join(root, 'runner-temp'), outside: join(root, 'outside'), bin: join(root, 'bin'), calls: join(root, 'calls') };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  const victimMarker = `VICTIM${Math.random().toString(36).slice(2, 12)}`;
  writeFileSync(join(dirs.outside, 'victim.txt'), `${victimMarker} first line of a file outside the workspace\n`);
  writeFileSync(join(dirs.outside, 'victim.yml'), `checks:\n  - name: ${victimMarker}\n    path: /\n`);
  writeFileSync(join(dirs.outside, 'victim.json'), JSON.stringify({ checks: [{ name: victimMarker, path: '/' }] }));
  // Links that look like workspace files but lead out of it.
  symlinkSync(join(dirs.outside, 'victim.yml'), join(dirs.workspace, 'escape.yml'));
  symlinkSync(join(dirs.outside, 'victim.txt'), join(dirs.workspace, 'report-link.json'));
  symlinkSync(dirs.outside, join(dirs.workspace, 'outside-dir'));
  mkdirSync(join(dirs.workspace, 'a-directory.yml'));
  mkdirSync(join(dirs.workspace, 'reports'));

  const recorder = join(dirs.bin, 'record');
  const intruder = join(dirs.bin, 'intruder');
  // sh + printf: a few ms per run, and NUL-separated argv is exact (argv cannot hold NUL).
  // (printf with no arguments still prints its format once, hence the $# test.)
  writeFileSync(recorder, `#!/bin/sh\nif [ $# -gt 0 ]; then printf '%s\\0' "$@"; fi > "${dirs.calls}/argv.$$"\n/usr/bin/env -0 > "${dirs.calls}/env.$$"\n`);
  writeFileSync(intruder, `#!/bin/sh\nprintf '%s\\0' "$0" "$@" > "${dirs.calls}/intruder.$$"\n`);
  chmodSync(recorder, 0o755);
  chmodSync(intruder, 0o755);

  const snapshot = () => {
    const files = new Map<string, string>();
    for (const name of readdirSync(dirs.outside, { recursive: true }) as string[]) {
      const path = join(dirs.outside, name);
      files.set(name, statSync(path).isFile() ? readFileSync(path, 'utf8') : 'dir');
    }
    return files;
  };
  let before = snapshot();
  const split = (text: string) => text.split('\0').slice(0, -1);

  return {
    root,
    workspace: dirs.workspace,
    runnerTemp: dirs.runnerTemp,
    outside: dirs.outside,
    recorder,
    intruder,
    victimMarker,
    takeCalls() {
      const recorded: { argv: string[]; env: Record<string, string>; complete: boolean }[] = [];
      const intruded: string[][] = [];
      for (const name of readdirSync(dirs.calls)) {
        const path = join(dirs.calls, name);
        if (name.startsWith('argv.')) {
          const envFile = join(dirs.calls, `env.${name.slice(5)}`);
          const env = existsSync(envFile) ? Object.fromEntries(split(readFileSync(envFile, 'utf8')).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])) : {};
          recorded.push({ argv: split(readFileSync(path, 'utf8')), env, complete: existsSync(envFile) });
        } else if (name.startsWith('intruder.')) intruded.push(split(readFileSync(path, 'utf8')));
      }
      rmSync(dirs.calls, { recursive: true, force: true });
      mkdirSync(dirs.calls);
      return { recorded, intruded };
    },
    outsideChanges() {
      const now = snapshot();
      const changed: string[] = [];
      for (const [name, content] of now) if (before.get(name) !== content) changed.push(name);
      for (const name of before.keys()) if (!now.has(name)) changed.push(`${name} (deleted)`);
      before = now;
      return changed;
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
