import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ShipgateError } from './errors';
import { prepareConfinedFile, readWorkspaceFile } from './workspace-path';

let outside: string;
let workspace: string;
let temp: string;
beforeEach(() => {
  const base = mkdtempSync(join(tmpdir(), 'shipgate-confine-'));
  outside = join(base, 'outside');
  workspace = join(base, 'workspace');
  temp = join(base, 'runner-temp');
  for (const dir of [outside, workspace, temp]) mkdirSync(dir);
  writeFileSync(join(outside, 'secret.yml'), 'root:x:0:0:root:/root:/bin/bash\n');
  writeFileSync(join(workspace, 'smoke.yml'), 'checks: [{ path: / }]\n');
});

const read = (path: string) => readWorkspaceFile('checks', path, workspace, { maxBytes: 1024, what: 'checks file' });
const refusal = (action: () => unknown) => {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ShipgateError);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
};

describe('readWorkspaceFile', () => {
  it('reads a file inside the workspace and names it relative to it', () => {
    expect(read('./smoke.yml')).toEqual({ text: 'checks: [{ path: / }]\n', shown: 'smoke.yml' });
    expect(read(join(workspace, 'smoke.yml')).shown).toBe('smoke.yml');
  });

  it.each([
    ['a ../ escape', () => '../outside/secret.yml', 'is outside it'],
    ['an absolute path elsewhere', () => join(outside, 'secret.yml'), 'is outside it'],
    ['/etc/passwd', () => '/etc/passwd', 'is outside it'],
    ['a symbolic link pointing out', () => (symlinkSync(join(outside, 'secret.yml'), join(workspace, 'link.yml')), 'link.yml'), 'points outside the workspace'],
    ['a linked directory pointing out', () => (symlinkSync(outside, join(workspace, 'dir')), 'dir/secret.yml'), 'points outside the workspace'],
    ['a directory', () => (mkdirSync(join(workspace, '.github')), '.github'), 'is a directory'],
    ['a FIFO (reading would block)', () => (execFileSync('mkfifo', [join(workspace, 'pipe')]), 'pipe'), 'not a regular file'],
    ['a file over the limit', () => (writeFileSync(join(workspace, 'big.yml'), 'x'.repeat(5000)), 'big.yml'), 'may be at most 1 KiB'],
    ['a missing file', () => 'nope.yml', 'does not exist'],
  ])('refuses %s as an input error naming checks, never quoting the file', (_what, setup, expected) => {
    const message = refusal(() => read(setup()));
    expect(message).toContain("Input 'checks'");
    expect(message).toContain(expected);
    expect(message).not.toContain('root:x');
  });
});

describe('prepareConfinedFile', () => {
  const prepare = (path: string, probe = true) => prepareConfinedFile('report', path, [workspace, temp], { probe });

  it('writes inside the workspace or the temp directory, creating directories', () => {
    prepare('reports/smoke.json').write('{}\n');
    expect(readFileSync(join(workspace, 'reports/smoke.json'), 'utf8')).toBe('{}\n');
    prepare(join(temp, 'r.json')).write('{"a":1}\n');
    expect(readFileSync(join(temp, 'r.json'), 'utf8')).toBe('{"a":1}\n');
  });

  it('replaces a link planted after the check instead of writing through it', () => {
    const file = prepare('report.json');
    symlinkSync(join(outside, 'secret.yml'), join(workspace, 'report.json'));
    file.write('{}\n');
    expect(readFileSync(join(outside, 'secret.yml'), 'utf8')).toContain('root:x');
    expect(readFileSync(join(workspace, 'report.json'), 'utf8')).toBe('{}\n');
    expect(() => readlinkSync(join(workspace, 'report.json'))).toThrow();
  });

  it.each([
    ['a symbolic link to a file outside', () => (symlinkSync(join(outside, 'secret.yml'), join(workspace, 'out.json')), 'out.json'), 'is a symbolic link'],
    ['a path through a linked directory pointing out', () => (symlinkSync(outside, join(workspace, 'out')), 'out/report.json'), 'resolves outside'],
    ['a path outside every root', () => join(outside, 'report.json'), 'is not'],
    ['a ../ escape', () => '../outside/report.json', 'is not'],
    ['a directory', () => (mkdirSync(join(workspace, 'reports')), 'reports'), 'is a directory'],
    ['a path under a file', () => 'smoke.yml/report.json', 'a part of the path is a file'],
    ['a name longer than the file system allows', () => `${'r'.repeat(300)}.json`, 'too long'],
  ])('refuses %s before anything is written', (_what, setup, expected) => {
    const message = refusal(() => prepare(setup()));
    expect(message).toContain("Input 'report'");
    expect(message).toContain(expected);
    expect(readFileSync(join(outside, 'secret.yml'), 'utf8')).toContain('root:x');
  });

  it('creates nothing when only checking (dry run)', () => {
    prepare('new-dir/report.json', false);
    expect(() => readFileSync(join(workspace, 'new-dir/report.json'))).toThrow();
    expect(() => execFileSync('ls', [join(workspace, 'new-dir')], { stdio: 'ignore' })).toThrow();
  });
});
