import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readGateEvent } from './gate-event';

const eventFile = (payload: unknown) => {
  const file = join(mkdtempSync(join(tmpdir(), 'shipgate-event-')), 'event.json');
  writeFileSync(file, JSON.stringify(payload));
  return file;
};

describe('readGateEvent', () => {
  it('reads head and base of a pull request, including the repositories (forks differ)', async () => {
    const file = eventFile({
      pull_request: {
        number: 3,
        head: { ref: 'hotfix/y', sha: 'f'.repeat(40), repo: { full_name: 'mallory/app' } },
        base: { ref: 'main', repo: { full_name: 'acme/app' } },
      },
    });
    await expect(readGateEvent('pull_request', file)).resolves.toEqual({
      name: 'pull_request',
      pullRequest: { number: 3, headRef: 'hotfix/y', headSha: 'f'.repeat(40), baseRef: 'main', headRepo: 'mallory/app', baseRepo: 'acme/app', url: undefined },
    });
  });

  it('needs no payload for a push or a tag', async () => {
    await expect(readGateEvent('push', undefined)).resolves.toEqual({ name: 'push' });
  });

  it('refuses a pull request event whose payload is missing or has no head, naming the file', async () => {
    await expect(readGateEvent('pull_request', undefined)).rejects.toThrow('GITHUB_EVENT_PATH is not set');
    const file = eventFile({ pull_request: { base: { ref: 'main' } } });
    await expect(readGateEvent('pull_request_target', file)).rejects.toThrow(`the pull_request_target event payload at ${file} has no pull_request.head.ref/sha or base.ref`);
  });

  it('never quotes a payload that is not JSON, and refuses a branch name that is not one line of text', async () => {
    const file = eventFile({});
    writeFileSync(file, 'root:x:0:0:root:/root:/bin/bash\n');
    const notJson = await readGateEvent('pull_request', file).catch((error: Error) => error.message);
    expect(notJson).toContain('it is not valid JSON');
    expect(notJson).not.toContain('root:x');
    const injected = eventFile({ pull_request: { head: { ref: 'x\n::add-mask::y', sha: 'f'.repeat(40) }, base: { ref: 'main' } } });
    await expect(readGateEvent('pull_request', injected)).rejects.toThrow('has no pull_request.head.ref/sha or base.ref (each one line of text)');
    const wrongType = eventFile({ pull_request: { head: { ref: ['develop'], sha: 'f'.repeat(40) }, base: { ref: 'main' } } });
    await expect(readGateEvent('pull_request', wrongType)).rejects.toThrow('has no pull_request.head.ref/sha or base.ref');
  });
});
