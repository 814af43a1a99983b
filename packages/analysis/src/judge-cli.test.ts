import { describe, expect, it } from 'vitest';
import { judgeStream, parseJudgeArgs, parsePollLine } from './judge-cli';

async function* lines(...items: string[]) {
  yield* items;
}

describe('parseJudgeArgs', () => {
  it('reads the options', () => {
    expect(parseJudgeArgs(['--alpha', '0.01', '--max-error-rate', '2%', '--min-requests', '100'])).toMatchObject({
      alpha: 0.01,
      maxErrorRate: 0.02,
      minRequests: 100,
    });
  });

  it('names the option and what it expects on a mistake', () => {
    expect(() => parseJudgeArgs(['--alpha', 'x'])).toThrow("option --alpha expects a number between 0 and 1 (exclusive), e.g. 0.05, got 'x'");
    expect(() => parseJudgeArgs(['--max-error-rate', '5'])).toThrow("option --max-error-rate expects a percentage like 1% or a fraction like 0.01, got '5'");
    expect(() => parseJudgeArgs(['--min-requests=-3'])).toThrow('option --min-requests expects a whole number');
    expect(() => parseJudgeArgs(['--nope'])).toThrow("Unknown option '--nope'");
  });
});

describe('parsePollLine', () => {
  it('points at the line and field that is wrong', () => {
    expect(() => parsePollLine('{"canary": {"requests": 3}}', 7)).toThrow(/^line 7: canary\.errors /);
    expect(() => parsePollLine('nope', 2)).toThrow('line 2 is not JSON');
  });
});

describe('judgeStream', () => {
  it('prints one line per poll and stops after the first abort', async () => {
    const bad = JSON.stringify({ canary: { requests: 1000, errors: 40, slow: 0 }, baseline: { requests: 9000, errors: 45, slow: 0 } });
    const out: string[] = [];
    const verdict = await judgeStream(lines(bad, '', bad, bad, bad), { minRequests: 5000 }, (l) => out.push(l));
    expect(verdict).toBe('abort');
    expect(out).toHaveLength(2);
    expect(JSON.parse(out[0]!)).toMatchObject({ poll: 1, verdict: 'continue', reason: expect.stringMatching(/^watching: canary error rate 4% vs 0.5% baseline/) });
    expect(JSON.parse(out[1]!)).toMatchObject({ poll: 2, verdict: 'abort' });
  });
});
