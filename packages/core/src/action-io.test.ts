import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runnerIO } from './action-io';
import { SUMMARY_LIMIT_BYTES } from './summary';

afterEach(() => vi.unstubAllEnvs());

describe('runnerIO', () => {
  it('keeps a step summary written in several parts under 1 MiB, saying it was cut', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'shipgate-summary-')), 'summary.md');
    writeFileSync(file, '');
    vi.stubEnv('GITHUB_STEP_SUMMARY', file);
    const io = runnerIO(new AbortController().signal);
    await io.appendSummary(`### part 1\n${'a'.repeat(700_000)}\n`);
    await io.appendSummary(`### part 2\n${'b'.repeat(700_000)}\n`);
    await io.appendSummary('### part 3\n');
    expect(statSync(file).size).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('### part 2');
    expect(text).toContain('GitHub accepts at most 1 MiB per step');
  });

  it('logs values so that none can start a workflow command', () => {
    const lines: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (lines.push(String(chunk)), true));
    try {
      runnerIO(new AbortController().signal).info('version v1\n::add-mask::x\n##[error]y');
    } finally {
      write.mockRestore();
    }
    const log = lines.join('');
    expect(log).toContain('version v1');
    expect(log).not.toMatch(/^::add-mask::/m);
    expect(log).not.toContain('##[error]');
  });
});
