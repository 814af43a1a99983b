import { PassThrough, Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { judgeStream, judgeUsage, parseJudgeArgs, parsePollLine, runJudgeCli } from './judge-cli';

async function* lines(...items: string[]) {
  yield* items;
}

const healthy = JSON.stringify({ canary: { requests: 100, errors: 1, slow: 2 }, baseline: { requests: 900, errors: 4, slow: 20 } });

/** Runs the command as the bin does, on in-memory streams. */
async function cli(argv: string[], input: string | Readable, stdout: Writable = new PassThrough()) {
  const stdin = typeof input === 'string' ? new PassThrough().end(input) : input;
  const stderr = new PassThrough();
  const written: string[] = [];
  stdout.on('data', (chunk: Buffer) => written.push(chunk.toString()));
  const code = await runJudgeCli(argv, { stdin, stdout, stderr });
  return { code, stdout: written.join(''), stderr: (stderr.read() as Buffer | null)?.toString() ?? '' };
}

describe('parseJudgeArgs', () => {
  it('reads the options', () => {
    expect(parseJudgeArgs(['--alpha', '0.01', '--max-error-rate', '2%', '--min-requests', '100', '--harm-margin', '1.25'])).toMatchObject({
      alpha: 0.01,
      maxErrorRate: 0.02,
      minRequests: 100,
      harmMargin: 1.25,
    });
  });

  it('names the option and what it expects on a mistake', () => {
    expect(() => parseJudgeArgs(['--alpha', 'x'])).toThrow("option --alpha expects a number between 0 and 1 (exclusive), e.g. 0.05, got 'x'");
    expect(() => parseJudgeArgs(['--max-error-rate', '5'])).toThrow("option --max-error-rate expects a percentage like 1% or a fraction like 0.01, got '5'");
    expect(() => parseJudgeArgs(['--min-requests=-3'])).toThrow('option --min-requests expects a whole number');
    expect(() => parseJudgeArgs(['--harm-margin', '0.9'])).toThrow("option --harm-margin expects a ratio from 1 to 10, e.g. 1.1 (up to 10 % worse is not harm), got '0.9'");
    expect(() => parseJudgeArgs(['--nope'])).toThrow("Unknown option '--nope'");
  });

  it('takes plain decimal numbers only', () => {
    for (const text of ['0x10', '1e3', '0b11', '0o7', 'Infinity', '', ' 500', '+5']) {
      expect(() => parseJudgeArgs(['--min-requests', text]), text).toThrow(`option --min-requests expects a whole number ≥ 0, e.g. 500, got '${text}'`);
    }
    expect(() => parseJudgeArgs(['--alpha', '5e-2'])).toThrow("option --alpha expects a number between 0 and 1 (exclusive), e.g. 0.05, got '5e-2'");
    expect(() => parseJudgeArgs(['--harm-margin', '0x1'])).toThrow("option --harm-margin expects a ratio from 1 to 10");
    expect(parseJudgeArgs(['--alpha', '.05', '--min-requests', '16'])).toMatchObject({ alpha: 0.05, minRequests: 16 });
  });

  it('--help says what alpha covers and what it does not', () => {
    expect(judgeUsage).toContain('--harm-margin');
    expect(judgeUsage).toMatch(/--alpha +the chance that the sequential test aborts a canary no worse than --harm-margin/);
    expect(judgeUsage).toMatch(/It does not cover --max-error-rate and\s+--max-p99-ms: those are plain limits on the canary alone, outside alpha/);
  });
});

describe('parsePollLine', () => {
  it('points at the line and field that is wrong', () => {
    expect(() => parsePollLine('{"canary": {"requests": 3}}', 7)).toThrow(/^line 7: canary\.errors /);
    expect(() => parsePollLine('nope', 2)).toThrow('line 2 is not JSON');
  });

  it('refuses unknown keys, naming the key and the line', () => {
    expect(() => parsePollLine('{"canary": {"requests": 3, "errors": 0, "slow": 0}, "baselin": {"requests": 9, "errors": 0, "slow": 0}}', 4)).toThrow(
      /^line 4: unknown key "baselin"; expected \{"canary"/,
    );
    expect(() => parsePollLine('{"canary": {"requests": 3, "errors": 0, "slw": 1}}', 9)).toThrow(/^line 9: unknown key "canary\.slw"; expected/);
  });

  it('refuses counts that contradict each other, naming the line', () => {
    expect(() => parsePollLine('{"canary": {"requests": 5, "errors": 6, "slow": 0}}', 3)).toThrow('line 3: canary.errors (6) cannot exceed canary.requests (5)');
    expect(() => parsePollLine('{"canary": {"requests": 5, "errors": 0, "slow": 0}, "baseline": {"requests": 5, "errors": 0, "slow": 9}}', 12)).toThrow(
      'line 12: baseline.slow (9) cannot exceed baseline.requests (5)',
    );
  });
});

describe('judgeStream', () => {
  it('prints one line per poll and stops after the first abort', async () => {
    const bad = JSON.stringify({ canary: { requests: 1000, errors: 40, slow: 0 }, baseline: { requests: 9000, errors: 45, slow: 0 } });
    const out: string[] = [];
    const verdict = await judgeStream(lines(bad, '', bad, bad, bad, bad), { minRequests: 5000 }, (l) => out.push(l));
    expect(verdict).toBe('abort');
    expect(out).toHaveLength(3);
    expect(JSON.parse(out[0]!)).toMatchObject({ poll: 1, verdict: 'continue', reason: expect.stringMatching(/^watching: canary error rate 4% vs 0.5% baseline/) });
    expect(JSON.parse(out[2]!)).toMatchObject({ poll: 3, verdict: 'abort' });
  });

  it('accepts a UTF-8 byte order mark before the first line', async () => {
    const out: string[] = [];
    await judgeStream(lines(`\uFEFF${healthy}`, healthy), {}, (l) => out.push(l));
    expect(out).toHaveLength(2);
  });
});

describe('runJudgeCli', () => {
  it('prints verdicts and exits 0', async () => {
    const result = await cli(['--min-requests', '100'], `${healthy}\n`);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toMatchObject({ poll: 1, verdict: 'advance' });
  });

  it('calls empty input an error, not a pass', async () => {
    expect(await cli([], '')).toEqual({ code: 1, stdout: '', stderr: expect.stringMatching(/^shipgate-judge: no poll on stdin \(it was empty\): give one JSON line per poll/) });
    expect((await cli([], '\n  \n')).stderr).toMatch(/^shipgate-judge: no poll on stdin \(2 blank lines\)/);
  });

  it('names the line of a mistake after judging the lines before it', async () => {
    const result = await cli([], `${healthy}\n{"canary": {"requests": 100, "errors": 1, "slw": 2}}\n`);
    expect(result.code).toBe(1);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^shipgate-judge: line 2: unknown key "canary\.slw"/);
  });

  it('ends quietly with exit 0 when the reader closes stdout (| head -1)', async () => {
    let writes = 0;
    const closed = new Writable({
      write(_chunk, _encoding, done) {
        writes += 1;
        // What a pipe whose reader has gone gives the second write on.
        done(writes > 1 ? Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }) : undefined);
      },
    });
    // A writer that never stops (a tail -f): only the closed stdout can end the command.
    const endless = Readable.from(
      (function* () {
        for (;;) yield `${healthy}\n`;
      })(),
    );
    const result = await cli([], endless, closed);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(writes).toBeLessThan(10);
  }, 5000);
});
