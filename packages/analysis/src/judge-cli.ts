import { parseArgs } from 'node:util';
import { ShipgateError, parsePercentage } from '@shipgate/core';
import { z } from 'zod';
import type { Poll } from './counts';
import { createJudge, type JudgeOptions } from './judge';

export type JudgeCliOptions = JudgeOptions & { help: boolean };

export const judgeUsage = `usage: shipgate-judge [--alpha 0.05] [--max-error-rate 1%] [--min-requests 500] [--max-p99-ms 500] < polls.jsonl
Reads one poll per line: {"canary": {"requests", "errors", "slow"}, "baseline": {...}} (counts since
the previous poll; optional "step"), prints {"poll", "verdict", "reason"} per poll, stops after the first abort.`;

function numberOption(name: string, text: string | undefined, expects: string, valid: (n: number) => boolean): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || !valid(n)) throw new ShipgateError(`option --${name} expects ${expects}, got '${text}'`);
  return n;
}

/** Turns argv into judge options; every mistake is one ShipgateError naming the option. */
export function parseJudgeArgs(argv: readonly string[]): JudgeCliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        alpha: { type: 'string' },
        'max-error-rate': { type: 'string' },
        'min-requests': { type: 'string' },
        'max-p99-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    // node's own message already names the option ("Unknown option '--x'"); keep it, drop the code.
    throw new ShipgateError(`${(error as Error).message.split('\n')[0]}; known options: --alpha, --max-error-rate, --min-requests, --max-p99-ms`);
  }
  const maxErrorText = values['max-error-rate'];
  const maxErrorRate = maxErrorText === undefined ? undefined : parsePercentage(maxErrorText);
  if (maxErrorText !== undefined && maxErrorRate === undefined) {
    throw new ShipgateError(`option --max-error-rate expects a percentage like 1% or a fraction like 0.01, got '${maxErrorText}'`);
  }
  return {
    help: values.help ?? false,
    alpha: numberOption('alpha', values.alpha, 'a number between 0 and 1 (exclusive), e.g. 0.05', (n) => n > 0 && n < 1),
    minRequests: numberOption('min-requests', values['min-requests'], 'a whole number ≥ 0, e.g. 500', (n) => Number.isInteger(n) && n >= 0),
    maxP99Ms: numberOption('max-p99-ms', values['max-p99-ms'], 'a number of milliseconds > 0, e.g. 500', (n) => n > 0),
    maxErrorRate,
  };
}

const count = z.number().int().nonnegative();
const countsSchema = z.object({ requests: count, errors: count, slow: count.default(0), p99Ms: z.number().positive().optional() });
const pollSchema = z.object({ canary: countsSchema, baseline: countsSchema.optional(), step: z.number().int().optional() });

export function parsePollLine(line: string, lineNumber: number): Poll {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    throw new ShipgateError(`line ${lineNumber} is not JSON: ${line.slice(0, 80)}`);
  }
  const parsed = pollSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') || 'poll' : 'poll';
    throw new ShipgateError(`line ${lineNumber}: ${where} ${issue?.message ?? 'is invalid'}; expected {"canary": {"requests", "errors", "slow"}, "baseline": {...}}`);
  }
  return parsed.data;
}

/** Judges each non-blank line and writes one JSON line per poll; returns the final verdict. */
export async function judgeStream(lines: AsyncIterable<string>, options: JudgeOptions, write: (line: string) => void): Promise<string | undefined> {
  const judge = createJudge(options);
  let lineNumber = 0;
  let last: string | undefined;
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    const judgement = judge.observe(parsePollLine(line, lineNumber));
    write(JSON.stringify({ poll: judgement.poll, verdict: judgement.verdict, reason: judgement.reason }));
    last = judgement.verdict;
    if (judgement.verdict === 'abort') break;
  }
  return last;
}
