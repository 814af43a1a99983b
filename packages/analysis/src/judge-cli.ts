import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { ShipgateError, isShipgateError, parsePercentage } from '@shipgate/core';
import { z } from 'zod';
import type { Counts, Poll } from './counts';
import { createJudge, defaultHarmMargin, validateCounts, type JudgeOptions } from './judge';

export type JudgeCliOptions = JudgeOptions & { help: boolean };

export const judgeUsage = `usage: shipgate-judge [--alpha 0.05] [--harm-margin ${defaultHarmMargin}] [--max-error-rate 1%] [--min-requests 500] [--max-p99-ms 500] < polls.jsonl

Reads one poll per line: {"canary": {"requests", "errors", "slow"}, "baseline": {...}} (counts since
the previous poll; optional "step" and "p99Ms"; a missing "slow" is 0), prints {"poll", "verdict", "reason"} per poll, and
stops after the first abort.

--alpha        the chance that the sequential test aborts a canary no worse than --harm-margin
               times its baseline, over the whole rollout however often it polls, also when errors
               or slow requests come in clusters. It does not cover --max-error-rate and
               --max-p99-ms: those are plain limits on the canary alone, outside alpha.
--harm-margin  a ratio of canary to baseline rates that is not harm (default ${defaultHarmMargin}: up to 10 %
               worse is tolerated); 1 treats any difference as harm.`;

const knownOptions = ['--alpha', '--harm-margin', '--max-error-rate', '--min-requests', '--max-p99-ms', '--help'];

/** Plain decimal notation only: `0x10`, `1e3`, `Infinity` and ` ` are mistakes, not numbers. */
const decimal = /^\d+(?:\.\d+)?$|^\.\d+$/;

function numberOption(name: string, text: string | undefined, expects: string, valid: (n: number) => boolean): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!decimal.test(text) || !valid(n)) throw new ShipgateError(`option --${name} expects ${expects}, got '${text}'`);
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
        'harm-margin': { type: 'string' },
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
    throw new ShipgateError(`${(error as Error).message.split('\n')[0]}; known options: ${knownOptions.join(', ')}`);
  }
  const maxErrorText = values['max-error-rate'];
  const maxErrorRate = maxErrorText === undefined ? undefined : parsePercentage(maxErrorText);
  if (maxErrorText !== undefined && maxErrorRate === undefined) {
    throw new ShipgateError(`option --max-error-rate expects a percentage like 1% or a fraction like 0.01, got '${maxErrorText}'`);
  }
  return {
    help: values.help ?? false,
    alpha: numberOption('alpha', values.alpha, 'a number between 0 and 1 (exclusive), e.g. 0.05', (n) => n > 0 && n < 1),
    harmMargin: numberOption('harm-margin', values['harm-margin'], `a ratio from 1 to 10, e.g. ${defaultHarmMargin} (up to 10 % worse is not harm)`, (n) => n >= 1 && n <= 10),
    minRequests: numberOption('min-requests', values['min-requests'], 'a whole number ≥ 0, e.g. 500', (n) => Number.isInteger(n) && n >= 0),
    maxP99Ms: numberOption('max-p99-ms', values['max-p99-ms'], 'a number of milliseconds > 0, e.g. 500', (n) => n > 0),
    maxErrorRate,
  };
}

const count = z.number().int().nonnegative();
// strict: a misspelled key ("baselin", "slw") must not silently switch a test off.
const countsSchema = z.strictObject({ requests: count, errors: count, slow: count.default(0), p99Ms: z.number().positive().optional() });
const pollSchema = z.strictObject({ canary: countsSchema, baseline: countsSchema.optional(), step: z.number().int().optional() });
const pollShape = 'expected {"canary": {"requests", "errors", "slow"?, "p99Ms"?}, "baseline": {...}?, "step"?} (a missing "slow" is 0: no latency test)';

/** Reads one JSON line of polls; every mistake is a ShipgateError starting `line N`. */
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
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'poll';
    if (issue?.code === 'unrecognized_keys') {
      const prefix = issue.path.length > 0 ? `${where}.` : '';
      const keys = issue.keys.map((k) => `"${prefix}${k}"`).join(', ');
      throw new ShipgateError(`line ${lineNumber}: unknown key ${keys}; ${pollShape}`);
    }
    throw new ShipgateError(`line ${lineNumber}: ${where} ${issue?.message ?? 'is invalid'}; ${pollShape}`);
  }
  const poll: Poll = parsed.data;
  try {
    validateCounts(poll.canary as Counts, 'canary');
    if (poll.baseline) validateCounts(poll.baseline, 'baseline');
  } catch (error) {
    if (isShipgateError(error)) throw new ShipgateError(`line ${lineNumber}: ${error.message}`);
    throw error;
  }
  return poll;
}

/**
 * Judges each non-blank line and writes one JSON line per poll; returns the final verdict, or
 * undefined when `write` reported that the reader has gone (then reading stops early). Input
 * with no poll at all is an error: a judge that saw nothing must not look like one that passed.
 */
export async function judgeStream(
  lines: AsyncIterable<string>,
  options: JudgeOptions,
  write: (line: string) => unknown,
): Promise<string | undefined> {
  const judge = createJudge(options);
  let lineNumber = 0;
  let last: string | undefined;
  for await (const raw of lines) {
    lineNumber += 1;
    // A UTF-8 byte order mark (Windows editors, PowerShell redirection) is not part of the JSON.
    const line = lineNumber === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (line.trim() === '') continue;
    const judgement = judge.observe(parsePollLine(line, lineNumber));
    last = judgement.verdict;
    if (write(JSON.stringify({ poll: judgement.poll, verdict: judgement.verdict, reason: judgement.reason })) === false) return undefined;
    if (judgement.verdict === 'abort') return last;
  }
  if (last === undefined) throw new ShipgateError(`no poll on stdin (${lineNumber === 0 ? 'it was empty' : `${lineNumber} blank line${lineNumber === 1 ? '' : 's'}`}): give one JSON line per poll, e.g. {"canary": {"requests": 100, "errors": 1, "slow": 2}, "baseline": {"requests": 900, "errors": 4, "slow": 20}}`);
  return last;
}

export interface CliStreams {
  stdin: NodeJS.ReadableStream & { destroy?: () => void };
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const isClosedPipe = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE';

/**
 * The whole command: returns the exit code. 0 for verdicts (an abort is a verdict, not a
 * failure) and for a reader that closed early (`| head -1`), 1 for a user mistake (one line on
 * stderr naming it), and 2 for a bug (its stack).
 */
export async function runJudgeCli(argv: readonly string[], streams: CliStreams): Promise<number> {
  let readerGone = false;
  // A reader that goes away (head, a closed pipe) surfaces as an 'error' on stdout; without a
  // listener it would crash the process with a stack trace.
  streams.stdout.on('error', (error: unknown) => {
    if (isClosedPipe(error)) readerGone = true;
  });
  const lines = createInterface({ input: streams.stdin, crlfDelay: Infinity });
  try {
    const options = parseJudgeArgs(argv);
    if (options.help) {
      streams.stdout.write(`${judgeUsage}\n`);
      return 0;
    }
    await judgeStream(lines, options, (line) => {
      if (readerGone) return false;
      streams.stdout.write(`${line}\n`);
      return !readerGone;
    });
    return 0;
  } catch (error) {
    if (readerGone || isClosedPipe(error)) return 0;
    if (isShipgateError(error)) {
      streams.stderr.write(`shipgate-judge: ${error.message}\n`);
      return 1;
    }
    streams.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 2;
  } finally {
    lines.close();
    // Stop reading: a writer still feeding stdin must not keep the process alive.
    streams.stdin.destroy?.();
  }
}
